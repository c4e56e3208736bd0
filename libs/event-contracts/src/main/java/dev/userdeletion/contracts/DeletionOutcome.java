package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What membership-service did with one chunk ({@link DeleteUsers}, or a version 1 {@link DeleteUser} found in the
 * log): every user of the command in exactly one of the three lists. Also sent with a single user when a user refused
 * earlier for being on several platforms is deleted after all (the refused command's id). Keyed by the request. Ids
 * only.
 *
 * @param commandId   the command answered
 * @param deleted     users deleted, with their memberships and access-list entries
 * @param rejected    users not deleted, each with the reason
 * @param alreadyGone users who no longer existed
 * @param decidedAt   when membership-service decided
 */
public record DeletionOutcome(UUID commandId, UUID requestId, String platformId, List<UUID> deleted,
                              List<RejectedUser> rejected, List<UUID> alreadyGone, Instant decidedAt)
        implements Event {

    /** A user who was not deleted, and why. */
    public record RejectedUser(UUID userId, RejectionReason reason) {

        public RejectedUser {
            Require.present(userId, "rejected.userId");
            Require.present(reason, "rejected.reason");
        }
    }

    public DeletionOutcome {
        Require.present(commandId, "commandId");
        Require.present(requestId, "requestId");
        Require.platformId(platformId);
        deleted = Require.distinctIds(deleted, "deleted", 0, DeleteUsers.MAX_USERS);
        rejected = List.copyOf(Require.present(rejected, "rejected").stream()
                .map(r -> Require.present(r, "rejected[]")).toList());
        alreadyGone = Require.distinctIds(alreadyGone, "alreadyGone", 0, DeleteUsers.MAX_USERS);
        Require.present(decidedAt, "decidedAt");
        Set<UUID> seen = new HashSet<>(deleted);
        rejected.forEach(r -> seen.add(r.userId()));
        seen.addAll(alreadyGone);
        int named = deleted.size() + rejected.size() + alreadyGone.size();
        if (seen.size() != named) {
            throw new InvalidEventException("A user appears more than once in the outcome");
        }
        if (named == 0 || named > DeleteUsers.MAX_USERS) {
            throw new InvalidEventException("An outcome names 1 to " + DeleteUsers.MAX_USERS + " users, not " + named);
        }
    }

    /** One user's outcome. */
    public record UserDecision(UUID userId, Kind kind, RejectionReason reason) {
    }

    public enum Kind { DELETED, REJECTED, ALREADY_GONE }

    /** Every user of the outcome with what was decided, in the order of the lists. */
    public List<UserDecision> decisions() {
        List<UserDecision> all = new ArrayList<>(deleted.size() + rejected.size() + alreadyGone.size());
        deleted.forEach(u -> all.add(new UserDecision(u, Kind.DELETED, null)));
        rejected.forEach(r -> all.add(new UserDecision(r.userId(), Kind.REJECTED, r.reason())));
        alreadyGone.forEach(u -> all.add(new UserDecision(u, Kind.ALREADY_GONE, null)));
        return all;
    }

    /** The same decisions as a version 1 per-user outcome would have carried. */
    public static DeletionOutcome of(UserOutcome outcome, Instant decidedAt) {
        return switch (outcome) {
            case UserDeleted d -> new DeletionOutcome(d.commandId(), d.requestId(), d.platformId(),
                    List.of(d.userId()), List.of(), List.of(), d.deletedAt());
            case UserDeletionRejected r -> new DeletionOutcome(r.commandId(), r.requestId(), r.platformId(),
                    List.of(), List.of(new RejectedUser(r.userId(), r.reason())), List.of(), decidedAt);
            case UserAlreadyGone g -> new DeletionOutcome(g.commandId(), g.requestId(), g.platformId(),
                    List.of(), List.of(), List.of(g.userId()), decidedAt);
        };
    }

    @Override
    public String key() {
        return requestId.toString();
    }
}
