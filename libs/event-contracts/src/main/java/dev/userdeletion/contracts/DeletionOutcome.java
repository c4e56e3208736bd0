package dev.userdeletion.contracts;

import java.util.UUID;

/** What membership-service did with one {@link DeleteUser} command. */
public sealed interface DeletionOutcome permits UserDeleted, UserDeletionRejected, UserAlreadyGone {

    UUID commandId();

    UUID requestId();

    String platformId();

    UUID userId();
}
