package dev.userdeletion.orchestrator.request;

import java.util.UUID;

/**
 * One frozen user of a request: the command id is fixed at review, so a retried confirmation publishes the same
 * commands; {@code outcome} and {@code reason} are null until membership-service has answered; {@code failure} says
 * why its command or outcome went to a dead-letter topic, if it did.
 */
public record Item(UUID userId, UUID commandId, int platformCount, String outcome, String reason, String failure) {

    public ItemOutcome state() {
        if (outcome != null) {
            return ItemOutcome.stored(outcome);
        }
        return failure != null ? ItemOutcome.FAILED : ItemOutcome.PENDING;
    }
}
