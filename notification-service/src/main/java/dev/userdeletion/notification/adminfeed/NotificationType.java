package dev.userdeletion.notification.adminfeed;

/** What an admin notification is about. */
public enum NotificationType {
    /** A deletion request completed: how many were deleted and how many went to the CSM. */
    DELETION_COMPLETED,
    /** Every user of a follow-up case has been removed. */
    FOLLOW_UP_CLOSED
}
