package dev.userdeletion.contracts;

import java.util.UUID;

/**
 * Version 1 of the deletion outcomes: one event per user, answering one per-user {@link DeleteUser}. Superseded by
 * {@link DeletionOutcome} (one per chunk); still read, because records of this kind may remain in the log.
 */
public sealed interface UserOutcome permits UserDeleted, UserDeletionRejected, UserAlreadyGone {

    UUID commandId();

    UUID requestId();

    String platformId();

    UUID userId();
}
