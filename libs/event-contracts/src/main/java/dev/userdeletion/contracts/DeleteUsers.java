package dev.userdeletion.contracts;

import java.util.List;
import java.util.UUID;

/**
 * Command, version 2 of {@code DeleteUser}: delete a chunk of users from {@code platformId}, as part of deletion request
 * {@code requestId}. membership-service executes a chunk set-based in one transaction and answers it with one
 * {@link DeletionOutcome} carrying the same {@code commandId}. Keyed by the request, so a request's chunks stay in
 * order on one partition. Ids only.
 *
 * @param commandId the chunk's id, fixed when the request was reviewed; executing it twice changes nothing
 * @param userIds   1 to {@link #MAX_USERS} distinct users
 */
public record DeleteUsers(UUID commandId, UUID requestId, String platformId, List<UUID> userIds, String requestedBy)
        implements Event {

    /** The most users one chunk may name (a chunk of this size is about 200 KB of JSON, under Kafka's 1 MB). */
    public static final int MAX_USERS = 5_000;

    public DeleteUsers {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        userIds = Require.distinctIds(userIds, "userIds", 1, MAX_USERS);
        Require.present(requestedBy, "requestedBy");
    }

    /** A version 1 command found in the log, as the chunk of one user it is. */
    public static DeleteUsers of(DeleteUser command) {
        return new DeleteUsers(command.commandId(), command.requestId(), command.platformId(),
                List.of(command.userId()), command.requestedBy());
    }

    @Override
    public String key() {
        return requestId.toString();
    }
}
