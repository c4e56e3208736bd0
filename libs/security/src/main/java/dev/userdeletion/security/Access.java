package dev.userdeletion.security;

import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** The building blocks of {@link AccessRules}. */
public final class Access {

    /** The path variable every platform-scoped route names its platform with. */
    public static final String PLATFORM_VARIABLE = "platformId";

    private Access() {
    }

    /** Any token carrying one of {@code roles}. */
    public static AuthorizationManager<RequestAuthorizationContext> role(ApiRole... roles) {
        return (authentication, context) -> new AuthorizationDecision(Arrays.stream(roles)
                .anyMatch(role -> has(authentication, role)));
    }

    /**
     * A {@code PLATFORM_ADMIN} whose token's {@code platform_id} is the path's {@code {platformId}}. An
     * admin of another platform is refused before the service looks anything up, so the answer (403) is
     * the same whether that platform or object exists or not.
     */
    public static AuthorizationManager<RequestAuthorizationContext> adminOfPathPlatform() {
        return (authentication, context) -> {
            String pathPlatform = context.getVariables().get(PLATFORM_VARIABLE);
            Authentication caller = authentication.get();
            boolean granted = pathPlatform != null
                    && has(authentication, ApiRole.PLATFORM_ADMIN)
                    && caller instanceof JwtAuthenticationToken jwt
                    && pathPlatform.equals(jwt.getToken().getClaimAsString(TokenClaims.PLATFORM_ID));
            return new AuthorizationDecision(granted);
        };
    }

    @SafeVarargs
    public static AuthorizationManager<RequestAuthorizationContext> anyOf(
            AuthorizationManager<RequestAuthorizationContext>... managers) {
        return AuthorizationManagers.anyOf(managers);
    }

    private static boolean has(Supplier<? extends Authentication> authentication, ApiRole role) {
        Authentication caller = authentication.get();
        return caller != null && caller.isAuthenticated() && caller.getAuthorities().stream()
                .anyMatch(granted -> role.authority().equals(granted.getAuthority()));
    }
}
