package dev.userdeletion.orchestrator.selection;

import java.util.List;

/**
 * Body of {@code PATCH .../selection}: ticking ({@code add}) and unticking ({@code remove}) users as the admin pages.
 * In USERS mode the ids are added to / removed from the selection; in FILTER and ALL_USERS mode unticking a user
 * excludes them and ticking them again removes the exclusion.
 */
public record SelectionPatch(List<String> add, List<String> remove) {
}
