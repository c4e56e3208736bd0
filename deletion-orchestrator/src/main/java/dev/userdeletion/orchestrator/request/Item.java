package dev.userdeletion.orchestrator.request;

import java.util.UUID;

/**
 * One frozen user of a request: the command id is that of the user's chunk, fixed at review (null until the item is
 * stored), so the request's commands are the same however often confirmation is attempted; {@code outcome} and {@code reason} are null until membership-service has answered; {@code failure} says
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
