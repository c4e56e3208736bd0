package dev.userdeletion.gateway.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * How people sign in: OAuth2 login against the product's authorisation server ({@link OAuth2SignIn}), or in the
 * local profile the demo sign-in ({@link LocalSignIn}). Either way the access token stays in the server-side
 * session and only this gateway sends it on.
 */
public interface SignIn {

    /** Adds this mode's sign-in endpoints and where a signed-out browser is sent for a page. */
    void configure(HttpSecurity http) throws Exception;

    /** The signed-in caller's current access token (refreshed if the mode can), or empty. */
    Optional<String> accessToken(HttpServletRequest request);
}
