package dev.userdeletion.notification.mail;

/** Who of the platform receives a mail: its Customer Success Manager or its admin. */
public enum RecipientKind {
    CSM,
    ADMIN
}
