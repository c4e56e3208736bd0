package dev.userdeletion.contracts;

/** A user's role on one platform. */
public enum Role {
    MENTOR,
    MENTEE
}
