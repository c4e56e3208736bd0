package dev.userdeletion.orchestrator.web;

import dev.userdeletion.web.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses an {@code Accept} header Spring MVC cannot parse (say {@code !} or {@code a/b/c}). MVC would fail content
 * negotiation for the answer and again for the error answer, and the client would get a 406 with an empty body;
 * here it gets a 400 problem saying what is wrong. Runs after authentication, so 401/403 come first as everywhere.
 */
class AcceptHeaderFilter extends OncePerRequestFilter {

    private final HeaderContentNegotiationStrategy negotiation = new HeaderContentNegotiationStrategy();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            negotiation.resolveMediaTypes(new ServletWebRequest(request));
        } catch (HttpMediaTypeNotAcceptableException e) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", ApiProblem.TYPE_PREFIX + "invalid-request");
            problem.put("title", "Invalid request");
            problem.put("status", HttpStatus.BAD_REQUEST.value());
            problem.put("detail", "The Accept header is not a valid list of media types");
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(request, response);
    }
}
