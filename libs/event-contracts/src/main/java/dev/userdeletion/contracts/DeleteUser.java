package dev.userdeletion.contracts;

import java.util.UUID;

/**
 * Version 1 of the deletion command: delete one {@code userId} from {@code platformId}, as part of deletion request
 * {@code requestId}. Superseded by {@link DeleteUsers} (version 2, a chunk of users); nobody writes it any more, but
 * membership-service still executes one found in the log (answering with a {@link DeletionOutcome}).
 */
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
