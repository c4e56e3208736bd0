package dev.userdeletion.orchestrator.selection;

import java.util.List;

/**
 * Body of {@code PUT .../selection}: {@code {mode: "USERS", userIds}}, {@code {mode: "FILTER", filter,
 * excludedUserIds?}} or {@code {mode: "ALL_USERS", excludedUserIds?}}. Kept as strings so that every mistake gets a
 * precise 400 detail.
 */
public record SelectionBody(String mode, List<String> userIds, FilterBody filter, List<String> excludedUserIds) {

    /** {@code email}: case-insensitive substring; {@code roles}: MENTOR / MENTEE; {@code lastLoginOnOrBefore}: yyyy-MM-dd. */
    public record FilterBody(String email, List<String> roles, String lastLoginOnOrBefore) {
    }
}
