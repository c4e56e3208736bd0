package dev.userdeletion.contracts;

import java.util.UUID;

/** Version 1: the user was not deleted (one event per user; superseded by {@link DeletionOutcome}). */
public record UserDeletionRejected(UUID commandId, UUID requestId, String platformId, UUID userId,
                                   RejectionReason reason) implements Event, UserOutcome {

    public UserDeletionRejected {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.present(userId, "userId");
        Require.present(reason, "reason");
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
