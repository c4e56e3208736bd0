package dev.userdeletion.security;

import dev.userdeletion.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answers the security filters give before any controller runs, as the same RFC 9457 problems the
 * services use everywhere else. Details are fixed texts: nothing from the token or the request is echoed.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** 401: no token, or one that is malformed, expired, from another issuer or signed by another key. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean badToken = e instanceof OAuth2AuthenticationException || e instanceof InvalidBearerTokenException;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", badToken
                ? "The bearer token is invalid or expired"
                : "This API needs a bearer token (Authorization: Bearer ...)");
    }

    /** 403: a valid token whose roles or platform do not allow this request. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "This token's roles or platform do not allow this request");
    }

    /** 400: a URL the firewall refuses (encoded slashes, path traversal, control characters). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(response, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", "The request URL is not allowed");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String slug, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // fixed texts without quotes or backslashes, so plain concatenation is valid JSON
        response.getWriter().write("{\"type\":\"" + ApiProblem.TYPE_PREFIX + slug + "\",\"title\":\"" + title
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}");
    }
}
