package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Every user of a confirmed request has an outcome. */
public record DeletionCompleted(UUID requestId, String platformId, int deleted, int rejected, int alreadyGone,
                                Map<RejectionReason, Integer> rejectedByReason, Instant completedAt)
        implements Event {

    public DeletionCompleted {
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.notNegative(deleted, "deleted");
        Require.notNegative(rejected, "rejected");
        Require.notNegative(alreadyGone, "alreadyGone");
        rejectedByReason = Map.copyOf(Require.present(rejectedByReason, "rejectedByReason"));
        Require.present(completedAt, "completedAt");
    }

    @Override
    public String key() {
        return requestId.toString();
    }
}
