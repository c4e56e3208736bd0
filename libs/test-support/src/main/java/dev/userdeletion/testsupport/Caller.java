package dev.userdeletion.testsupport;

import java.util.Set;

/**
 * A kind of caller in an authorisation matrix: {@code tokenFactory} makes its bearer token for a call, and a valid
 * one grants {@code roles}, with a {@code platform_id} as {@code scope} says. {@link Callers} has the catalogue.
 */
public record Caller(String name, Kind kind, Set<String> roles, Scope scope, TokenFactory tokenFactory) {

    public enum Kind { NONE, INVALID, VALID }

    /** Which platform a valid token names: the one in the path, another one, or none. */
    public enum Scope { PATH_PLATFORM, OTHER_PLATFORM, NONE }

    /** Makes a caller's bearer token from (the path's platform, another platform); null: no token. */
    @FunctionalInterface
    public interface TokenFactory {
        String token(String pathPlatform, String otherPlatform);
    }

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The bearer token for a call to {@code pathPlatform}; null: no token. */
    public String token(String pathPlatform, String otherPlatform) {
        return tokenFactory.token(pathPlatform, otherPlatform);
    }

    public boolean isAdminOfPathPlatform() {
        return roles.contains(Callers.PLATFORM_ADMIN) && scope == Scope.PATH_PLATFORM;
    }
}
