package dev.userdeletion.membership.user;

import java.time.Instant;

/** Body of {@code POST /api/users/{userId}/logins}; {@code at} defaults to now. */
public record LoginRequest(Instant at) {
}
