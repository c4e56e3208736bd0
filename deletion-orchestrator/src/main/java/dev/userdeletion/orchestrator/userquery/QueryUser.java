package dev.userdeletion.orchestrator.userquery;

import java.time.Instant;
import java.util.UUID;

/**
 * A member of a platform as the user-query-service knows it. The email is shown to the admin and never stored
 * or logged here.
 */
public record QueryUser(UUID userId, String email, String role, Instant lastLoginAt, int platformCount) {
}
