package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.util.List;
import java.util.UUID;

/** An outcome event read from Kafka with its event id (for the inbox). */
record ReceivedOutcome(UUID eventId, DeletionOutcome outcome) {

    /** What the outcome decides for one item of its request. */
    record Decision(UUID eventId, UUID requestId, UUID commandId, UUID userId, ItemOutcome kind,
                    RejectionReason reason) {
    }

    /** One decision per user the outcome names. */
    List<Decision> decisions() {
        return outcome.decisions().stream().map(d -> new Decision(eventId, outcome.requestId(), outcome.commandId(),
                d.userId(), switch (d.kind()) {
                    case DELETED -> ItemOutcome.DELETED;
                    case REJECTED -> ItemOutcome.REJECTED;
                    case ALREADY_GONE -> ItemOutcome.ALREADY_GONE;
                }, d.reason())).toList();
    }
}
