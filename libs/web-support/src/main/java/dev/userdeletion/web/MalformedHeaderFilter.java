package dev.userdeletion.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers two header mistakes Spring MVC cannot answer as a problem itself: an {@code Accept} header it
 * cannot parse (406; it would not know how to write the problem, so the answer would have no body) and a
 * wildcard {@code Content-Type} such as {@code application/*} (415; it would fail with a 500). Runs after
 * the security filters, so callers without the right get 401/403 first.
 */

public class MalformedHeaderFilter extends OncePerRequestFilter {

    private final HeaderContentNegotiationStrategy accept = new HeaderContentNegotiationStrategy();
    private final JsonMapper json;

    public MalformedHeaderFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            accept.resolveMediaTypes(new ServletWebRequest(request));
        } catch (HttpMediaTypeNotAcceptableException | IndexOutOfBoundsException e) {
            // Spring's parser fails on some values (e.g. "/!) with an index error instead of its own exception
            refuse(response, HttpStatus.NOT_ACCEPTABLE, "The Accept header is not a valid list of media types");
            return;
        }
        if (isWildcard(request.getContentType())) {
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be a concrete media type such as "
                    + MediaType.APPLICATION_JSON_VALUE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException | IndexOutOfBoundsException e) {
            // Spring treats an unreadable Content-Type as absent; the endpoint answers 415 itself
            return false;
        }
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ApiProblem.problem(status,
                status.name().toLowerCase().replace('_', '-'), status.getReasonPhrase(), detail));
    }
}
