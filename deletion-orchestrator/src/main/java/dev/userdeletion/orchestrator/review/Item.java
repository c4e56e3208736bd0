package dev.userdeletion.orchestrator.review;

import java.util.UUID;

/**
 * One frozen user of a request: the command id is fixed at review, so a retried confirmation publishes
 * the same commands; {@code outcome} and {@code reason} are null until membership-service has answered.
 */
public record Item(UUID userId, UUID commandId, int platformCount, String outcome, String reason) {
}
