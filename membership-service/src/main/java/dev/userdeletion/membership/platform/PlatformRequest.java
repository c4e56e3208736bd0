package dev.userdeletion.membership.platform;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code PUT /api/platforms/{platformId}}. */
public record PlatformRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200, example = "Acme Academy",
                description = "No control characters or line breaks") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "email", maxLength = 254,
                example = "csm@example.com", description = "Receives the emails of users who could not be deleted")
        String csmEmail,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "email", maxLength = 254,
                example = "admin@acme.example", description = "Receives the notices of completed requests")
        String adminEmail) {
}
