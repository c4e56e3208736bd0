package dev.userdeletion.contracts;

import java.util.UUID;

public record UserDeletionRejected(UUID commandId, UUID requestId, String platformId, UUID userId,
                                   RejectionReason reason) implements Event, DeletionOutcome {

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
