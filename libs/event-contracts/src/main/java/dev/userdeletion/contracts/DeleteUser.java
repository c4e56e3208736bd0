package dev.userdeletion.contracts;

import java.util.UUID;

/** Command: delete {@code userId} from {@code platformId}, as part of deletion request {@code requestId}. */
public record DeleteUser(UUID commandId, UUID requestId, String platformId, UUID userId, String requestedBy)
        implements Event {

    public DeleteUser {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        Require.present(userId, "userId");
        Require.present(requestedBy, "requestedBy");
    }

    @Override
    public String key() {
        return userId.toString();
    }
}
