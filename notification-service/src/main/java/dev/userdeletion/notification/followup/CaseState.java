package dev.userdeletion.notification.followup;

public enum CaseState {
    /** At least one user still has to be removed from the platform by the CSM team. */
    OPEN,
    /** Every user of the case has been removed. */
    CLOSED
}
