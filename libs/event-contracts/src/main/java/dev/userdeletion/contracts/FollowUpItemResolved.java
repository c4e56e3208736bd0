package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/** One user of a follow-up case is no longer on the platform; {@code remaining} items are still open. */
public record FollowUpItemResolved(UUID caseId, String platformId, UUID requestId, UUID userId, int remaining,
                                   Instant resolvedAt) implements Event {

    public FollowUpItemResolved {
        Require.present(caseId, "caseId");
        Require.platformId(platformId);
        Require.present(requestId, "requestId");
        Require.present(userId, "userId");
        Require.notNegative(remaining, "remaining");
        Require.present(resolvedAt, "resolvedAt");
    }

    @Override
    public String key() {
        return caseId.toString();
    }
}
