package dev.userdeletion.contracts;

import java.util.UUID;

/** The user no longer exists (deleted by an earlier command or request). */
public record UserAlreadyGone(UUID commandId, UUID requestId, String platformId, UUID userId)
        implements Event, DeletionOutcome {

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
