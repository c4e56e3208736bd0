package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A rejection that reached notification-service after its request's case was opened (or after the request was
 * handled without one) was added to the case; {@code remaining} items are open now. A CLOSED case that gets an
 * open item is open again.
 */
public record FollowUpItemAdded(UUID caseId, String platformId, UUID requestId, UUID userId, RejectionReason reason,
                                int remaining, Instant addedAt) implements Event {

    public FollowUpItemAdded {
        Require.present(caseId, "caseId");
        Require.platformId(platformId);
        Require.present(requestId, "requestId");
        Require.present(userId, "userId");
        Require.present(reason, "reason");
        Require.notNegative(remaining, "remaining");
        Require.present(addedAt, "addedAt");
    }

    @Override
    public String key() {
        return caseId.toString();
    }
}
