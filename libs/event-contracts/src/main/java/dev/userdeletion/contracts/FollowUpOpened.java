package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/** A CSM follow-up case was opened for the users of one deletion request that could not be deleted. */
public record FollowUpOpened(UUID caseId, String platformId, UUID requestId, int itemCount, Instant openedAt)
        implements Event {

    public FollowUpOpened {
        Require.present(caseId, "caseId");
        Require.platformId(platformId);
        Require.present(requestId, "requestId");
        Require.notNegative(itemCount, "itemCount");
        Require.present(openedAt, "openedAt");
    }

    @Override
    public String key() {
        return caseId.toString();
    }
}
