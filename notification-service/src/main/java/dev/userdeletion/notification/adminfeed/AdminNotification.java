package dev.userdeletion.notification.adminfeed;

import java.time.Instant;
import java.util.UUID;

/** An admin notification as the API shows it; {@code caseId} is null when nothing went to the CSM. */
public record AdminNotification(NotificationType type, UUID requestId, UUID caseId, String message,
                                Instant createdAt) {
}
