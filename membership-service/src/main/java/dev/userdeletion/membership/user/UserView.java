package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as {@code GET /api/users/{userId}} shows it. */
public record UserView(UUID userId, String email, Instant lastLoginAt, List<MembershipView> memberships) {

    public record MembershipView(String platformId, Role role, Instant joinedAt) {
    }

    static UserView of(User user) {
        return new UserView(user.getId(), user.getEmail(), user.getLastLoginAt(), user.sortedMemberships().stream()
                .map(m -> new MembershipView(m.getPlatformId(), m.getRole(), m.getJoinedAt())).toList());
    }
}
