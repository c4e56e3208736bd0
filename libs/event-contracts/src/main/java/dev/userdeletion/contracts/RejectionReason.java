package dev.userdeletion.contracts;

/** Why membership-service refused to delete a user. */
public enum RejectionReason {
    /** The user belongs to other platforms too; only the CSM team can remove them. */
    MULTI_PLATFORM,
    /** The user exists but is not a member of the requesting platform. */
    NOT_A_MEMBER
}
