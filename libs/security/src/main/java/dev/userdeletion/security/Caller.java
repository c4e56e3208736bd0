package dev.userdeletion.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is calling: the validated token of the current request. */
public final class Caller {

    private Caller() {
    }

    /**
     * The caller's {@code sub}, for audit fields of events ({@code requestedBy}, {@code confirmedBy},
     * {@code changedBy}). Only callable inside an authenticated request.
     */
    public static String id() {
        return token().map(jwt -> jwt.getToken().getSubject())
                .orElseThrow(() -> new IllegalStateException("No authenticated caller in this thread"));
    }

    /** The caller's raw bearer token, to call another service on the caller's behalf. */
    public static Optional<String> bearerToken() {
        return token().map(jwt -> jwt.getToken().getTokenValue());
    }

    private static Optional<JwtAuthenticationToken> token() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? Optional.of(jwt) : Optional.empty();
    }
}
