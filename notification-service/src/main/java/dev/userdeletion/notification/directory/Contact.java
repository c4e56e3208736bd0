package dev.userdeletion.notification.directory;

import java.util.Set;
import java.util.UUID;

/**
 * What the directory knows of one user.
 *
 * @param email     null when not known yet (no UserState seen) or erased
 * @param known     a UserState (or a tombstone) has been applied; false for a placeholder
 * @param erased    the user was deleted (tombstone): no email, no platforms
 */
public record Contact(UUID userId, String email, Set<String> platforms, boolean known, boolean erased) {

    /** True when the directory knows for sure that the user is not (or no longer) on the platform. */
    public boolean knownNotOn(String platformId) {
        return erased || (known && !platforms.contains(platformId));
    }
}
