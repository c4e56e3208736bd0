package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.util.UUID;

/** An outcome event read from Kafka with its event id (for the inbox). */
record ReceivedOutcome(UUID eventId, DeletionOutcome outcome) {

    /** What the outcome decides for its item. */
    ItemOutcome kind() {
        return switch (outcome) {
            case UserDeleted d -> ItemOutcome.DELETED;
            case UserDeletionRejected r -> ItemOutcome.REJECTED;
            case UserAlreadyGone g -> ItemOutcome.ALREADY_GONE;
        };
    }

    /** The rejection reason, null unless rejected. */
    RejectionReason reason() {
        return outcome instanceof UserDeletionRejected rejected ? rejected.reason() : null;
    }
}
