package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/** An admin confirmed a deletion request of {@code count} users. */
public record DeletionConfirmed(UUID requestId, String platformId, int count, String confirmedBy, Instant confirmedAt)
        implements Event {

    public DeletionConfirmed {
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.notNegative(count, "count");
        Require.present(confirmedBy, "confirmedBy");
        Require.present(confirmedAt, "confirmedAt");
    }

    @Override
    public String key() {
        return requestId.toString();
    }
}
