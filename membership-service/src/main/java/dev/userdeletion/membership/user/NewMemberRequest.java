package dev.userdeletion.membership.user;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /api/platforms/{platformId}/members}; role is checked by hand to answer with a clear 400. */
public record NewMemberRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "email", maxLength = 254,
                example = "mentor@example.com") String email,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"MENTOR", "MENTEE"}) String role) {
}
