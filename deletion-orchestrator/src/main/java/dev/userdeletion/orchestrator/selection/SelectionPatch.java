package dev.userdeletion.orchestrator.selection;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code PATCH .../selection}: ticking ({@code add}) and unticking ({@code remove}) users as the admin pages.
 * In USERS mode the ids are added to / removed from the selection; in FILTER and ALL_USERS mode unticking a user
 * excludes them and ticking them again removes the exclusion.
 */
public record SelectionPatch(
        @ArraySchema(maxItems = 10_000, schema = @Schema(format = "uuid"),
                arraySchema = @Schema(description = "Users ticked")) List<String> add,
        @ArraySchema(maxItems = 10_000, schema = @Schema(format = "uuid"),
                arraySchema = @Schema(description = "Users unticked")) List<String> remove) {
}
