package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import java.util.UUID;

/** An outcome event read from Kafka with its event id (for the inbox). */
record ReceivedOutcome(UUID eventId, DeletionOutcome outcome) {

    /** {@code DELETED}, {@code REJECTED} or {@code ALREADY_GONE}, as stored on the item. */
    String kind() {
        return switch (outcome) {
            case UserDeleted d -> "DELETED";
            case UserDeletionRejected r -> "REJECTED";
            case UserAlreadyGone g -> "ALREADY_GONE";
        };
    }

    /** The rejection reason, null unless rejected. */
    String reason() {
        return outcome instanceof UserDeletionRejected rejected ? rejected.reason().name() : null;
    }
}
