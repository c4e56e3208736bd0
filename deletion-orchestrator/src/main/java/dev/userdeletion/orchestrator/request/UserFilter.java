package dev.userdeletion.orchestrator.request;

import dev.userdeletion.contracts.Role;
import java.time.LocalDate;
import java.util.List;

/**
 * The filter of a FILTER selection, with the user-query-service's meaning: {@code email} a case-insensitive
 * substring, {@code roles} any of them (empty: any role), {@code lastLoginOnOrBefore} inclusive in UTC (users who
 * never logged in match). Every part is optional.
 */
public record UserFilter(String email, List<Role> roles, LocalDate lastLoginOnOrBefore) {

    public static final UserFilter NONE = new UserFilter(null, List.of(), null);

    public UserFilter {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
