package dev.userdeletion.orchestrator.request;

import dev.userdeletion.security.ApiRole;
import dev.userdeletion.security.TokenClaims;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Whether the current caller reads a platform's requests as its admin or from outside (an {@code AUDITOR}).
 * A FILTER selection holds the only text an admin typed, an email substring that may be a whole address, so
 * callers from outside the platform get it withheld: auditors see ids and counts, never emails.
 */
public final class PlatformScope {

    private PlatformScope() {
    }

    /** True if the caller is a {@code PLATFORM_ADMIN} whose token's {@code platform_id} is {@code platformId}. */
    public static boolean isAdminOf(String platformId) {
        return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
                && jwt.getAuthorities().stream()
                .anyMatch(granted -> ApiRole.PLATFORM_ADMIN.authority().equals(granted.getAuthority()))
                && platformId.equals(jwt.getToken().getClaimAsString(TokenClaims.PLATFORM_ID));
    }
}
