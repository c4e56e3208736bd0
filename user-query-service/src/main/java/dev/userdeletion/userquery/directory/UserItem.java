package dev.userdeletion.userquery.directory;

import dev.userdeletion.contracts.Role;
import java.time.Instant;
import java.util.UUID;

/** One user as a platform's lists show them; {@code lastLoginAt} is null for a user who never logged in. */
public record UserItem(UUID userId, String email, Role role, Instant lastLoginAt, int platformCount) {
}
