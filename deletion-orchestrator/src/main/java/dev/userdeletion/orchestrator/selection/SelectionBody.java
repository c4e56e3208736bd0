package dev.userdeletion.orchestrator.selection;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code PUT .../selection}: {@code {mode: "USERS", userIds}}, {@code {mode: "FILTER", filter,
 * excludedUserIds?}} or {@code {mode: "ALL_USERS", excludedUserIds?}}. Kept as strings so that every mistake gets a
 * precise 400 detail.
 */
@Schema(example = "{\"mode\": \"FILTER\", \"filter\": {\"roles\": [\"MENTEE\"], \"lastLoginOnOrBefore\":"
        + " \"2025-06-30\"}, \"excludedUserIds\": []}")
public record SelectionBody(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"USERS", "FILTER", "ALL_USERS"})
        String mode,
        @ArraySchema(maxItems = 10_000, schema = @Schema(format = "uuid"),
                arraySchema = @Schema(description = "USERS only: the selected users")) List<String> userIds,
        @Schema(description = "FILTER only") FilterBody filter,
        @ArraySchema(maxItems = 10_000, schema = @Schema(format = "uuid"),
                arraySchema = @Schema(description = "FILTER and ALL_USERS: users left out")) List<String> excludedUserIds) {

    /** {@code email}: case-insensitive substring; {@code roles}: MENTOR / MENTEE; {@code lastLoginOnOrBefore}: yyyy-MM-dd. */
    public record FilterBody(
            @Schema(maxLength = 254, description = "Case-insensitive substring of the email; %, _ and \\ literal")
            String email,
            @ArraySchema(schema = @Schema(allowableValues = {"MENTOR", "MENTEE"})) List<String> roles,
            @Schema(format = "date", description = "Inclusive, UTC; users who never logged in match too")
            String lastLoginOnOrBefore) {
    }
}
