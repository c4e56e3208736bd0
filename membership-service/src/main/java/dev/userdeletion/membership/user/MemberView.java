package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import java.util.UUID;

/** Answer of {@code POST /api/platforms/{platformId}/members}. */
public record MemberView(UUID userId, String email, Role role, String platformId) {
}
