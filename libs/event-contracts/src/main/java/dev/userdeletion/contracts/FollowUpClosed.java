package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/** Every user of a follow-up case has been removed from the platform. */
public record FollowUpClosed(UUID caseId, String platformId, UUID requestId, int itemCount, Instant closedAt)
        implements Event {

    public FollowUpClosed {
        Require.present(caseId, "caseId");
        Require.platformId(platformId);
        Require.present(requestId, "requestId");
        Require.notNegative(itemCount, "itemCount");
        Require.present(closedAt, "closedAt");
    }

    @Override
    public String key() {
        return caseId.toString();
    }
}
