package dev.userdeletion.notification.followup;

public enum ItemState {
    /** The user is still on the platform. */
    OPEN,
    /** The user is no longer on the platform (membership removed, or the account deleted). */
    RESOLVED
}
