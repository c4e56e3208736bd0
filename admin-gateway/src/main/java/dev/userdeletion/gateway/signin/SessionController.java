package dev.userdeletion.gateway.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /session}: whether the browser is signed in, as whom (from the token's claims: for the page's
 * navigation only, the services decide), and the CSRF token the page sends back on every state change.
 */
@RestController
class SessionController {

    private final SignIn signIn;

    SessionController(SignIn signIn) {
        this.signIn = signIn;
    }

    /** {@code user} is null when signed out. */
    record SessionView(boolean signedIn, User user, Csrf csrf) {
    }

    record User(String sub, List<String> roles, String platformId) {
    }

    record Csrf(String headerName, String parameterName, String token) {
    }

    @GetMapping("/session")
    ResponseEntity<SessionView> session(HttpServletRequest request, CsrfToken csrf) {
        User user = signIn.accessToken(request)
                .map(SignedInUser::fromAccessToken)
                .map(u -> new User(u.sub(), u.roles(), u.platformId()))
                .orElse(null);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new SessionView(user != null, user,
                        new Csrf(csrf.getHeaderName(), csrf.getParameterName(), csrf.getToken())));
    }
}
