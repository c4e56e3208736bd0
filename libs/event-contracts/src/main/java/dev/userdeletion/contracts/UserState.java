package dev.userdeletion.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The full state of one user account after a change. The only event that carries an email; a
 * deleted user is announced by a tombstone (null value) under the same key. Every consumer applies the same
 * contract because it is checked here, when the record is built or decoded: a plain lower-case address
 * ({@link Rules#isStoredEmail}), a non-negative revision, a caller id of at most 100 characters.
 *
 * @param revision  increases with every change of this user, so a reader can ignore stale copies
 * @param changedBy the {@code sub} of the caller whose request made this change, for audit (a CSM who removed
 *                  a membership, the back end that created it); null on events written before it was recorded
 */
public record UserState(UUID userId, String email, Instant lastLoginAt, List<Membership> memberships, long revision,
                        String changedBy) implements Event {

    public UserState {
        Require.present(userId, "userId");
        Require.storedEmail(email, "email");
        memberships = List.copyOf(Require.present(memberships, "memberships"));
        Require.notNegative(revision, "revision");
        Require.callerId(changedBy, "changedBy");
    }

    @Override
    public String key() {
        return userId.toString();
    }

    public record Membership(String platformId, Role role, Instant joinedAt) {
        public Membership {
            Require.platformId(platformId);
            Require.present(role, "role");
            Require.present(joinedAt, "joinedAt");
        }
    }
}
