package dev.userdeletion.userquery.directory;

import dev.userdeletion.contracts.Role;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** The list this filter selects, as text: what a page cursor is bound to (the term as it matches, any case). */
    String scope() {
        return platformId + "\n" + (emailContains == null ? "" : emailContains.toLowerCase(Locale.ROOT)) + "\n"
                + roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")) + "\n"
                + (lastLoginBefore == null ? "" : lastLoginBefore.toString());
    }
}
