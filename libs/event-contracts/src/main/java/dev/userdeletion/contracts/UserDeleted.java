package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.UUID;

/** Version 1: the user was deleted (one event per user; superseded by {@link DeletionOutcome}). */
public record UserDeleted(UUID commandId, UUID requestId, String platformId, UUID userId, Instant deletedAt)
        implements Event, UserOutcome {

    public UserDeleted {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.present(userId, "userId");
        Require.present(deletedAt, "deletedAt");
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
