package dev.userdeletion.notification.web;

import dev.userdeletion.web.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers an {@code Accept} header Spring MVC cannot parse with a 406 problem. Spring MVC refuses it too, but
 * then cannot choose a type to write its problem in, so its answer would have no body. Runs after the
 * security filters, so callers without the right get 401/403 first.
 */
@Component
class MalformedAcceptFilter extends OncePerRequestFilter {

    private final HeaderContentNegotiationStrategy accept = new HeaderContentNegotiationStrategy();
    private final JsonMapper json;

    MalformedAcceptFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            accept.resolveMediaTypes(new ServletWebRequest(request));
        } catch (HttpMediaTypeNotAcceptableException e) {
            response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ApiProblem.problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable",
                    "Not Acceptable", "The Accept header is not a valid list of media types"));
            return;
        }
        chain.doFilter(request, response);
    }
}
