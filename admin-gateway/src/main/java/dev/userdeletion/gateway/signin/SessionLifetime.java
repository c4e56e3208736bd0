package dev.userdeletion.gateway.signin;

import dev.userdeletion.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a signed-in session {@code gateway.session.max-age} after sign-in, however active it is, and as soon as
 * the access token it holds has expired. The request then goes on signed out: an API call gets 401
 * {@code session-expired}, a page is sent to sign in again. (Idle sessions end earlier, after
 * {@code server.servlet.session.timeout}.)
 */
@Component
public class SessionLifetime {

    /** Set on the request whose session just ended, so the 401 can say why. */
    public static final String EXPIRED = SessionLifetime.class.getName() + ".expired";

    private static final String STARTED = SessionLifetime.class.getName() + ".started";

    private final Clock clock;
    private final Duration maxAge;

    SessionLifetime(Clock clock, GatewayProperties properties) {
        this.clock = clock;
        this.maxAge = properties.session().maxAge();
    }

    /** Marks the start of a signed-in session. */
    public void started(HttpSession session) {
        session.setAttribute(STARTED, clock.instant());
    }

    /** The filter that enforces it, placed after the security context is loaded. */
    public OncePerRequestFilter filter(SignIn signIn) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                HttpSession session = request.getSession(false);
                if (session != null && authentication != null && authentication.isAuthenticated()
                        && !(authentication instanceof AnonymousAuthenticationToken) && over(session, signIn, request)) {
                    session.invalidate();
                    SecurityContextHolder.clearContext();
                    request.setAttribute(EXPIRED, true);
                }
                chain.doFilter(request, response);
            }
        };
    }

    private boolean over(HttpSession session, SignIn signIn, HttpServletRequest request) {
        Instant now = clock.instant();
        Instant started = (Instant) session.getAttribute(STARTED);
        if (started == null) {
            started(session); // the first request after an OAuth2 login
            return false;
        }
        if (!now.isBefore(started.plus(maxAge))) {
            return true;
        }
        return signIn.accessToken(request)
                .map(SignedInUser::fromAccessToken)
                .map(user -> user.expiresAt() != null && !now.isBefore(user.expiresAt()))
                .orElse(true);
    }
}
