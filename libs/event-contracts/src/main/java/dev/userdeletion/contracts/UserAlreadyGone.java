package dev.userdeletion.contracts;

import java.util.UUID;

/**
 * Version 1: the user no longer exists (deleted by an earlier command or request); one event per user, superseded by
 * {@link DeletionOutcome}.
 */
public record UserAlreadyGone(UUID commandId, UUID requestId, String platformId, UUID userId)
        implements Event, UserOutcome {

    public UserAlreadyGone {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.present(userId, "userId");
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
