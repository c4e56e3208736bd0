package dev.userdeletion.contracts;

/** An event record; {@link #key()} is its Kafka record key (the aggregate id). */
public sealed interface Event
        permits UserState, DeleteUsers, DeletionOutcome, DeleteUser, UserDeleted, UserDeletionRejected, UserAlreadyGone, DeletionConfirmed,
        DeletionCompleted, FollowUpOpened, FollowUpItemAdded, FollowUpItemResolved, FollowUpClosed {

    String key();
}
