package dev.userdeletion.userquery.directory;

import dev.userdeletion.contracts.Role;
import java.time.Instant;
import java.util.Set;

/**
 * Which users of one platform a query is about.
 *
 * @param platformId      the platform (every query is scoped to one)
 * @param emailContains   case-insensitive substring of the email, taken literally; null for any
 * @param roles           roles to include; empty for any
 * @param lastLoginBefore users whose last login is before this instant, or who never logged in; null for any
 */
record UserFilter(String platformId, String emailContains, Set<Role> roles, Instant lastLoginBefore) {

    UserFilter {
        roles = Set.copyOf(roles);
    }
}
