package dev.userdeletion.gateway.web;

import dev.userdeletion.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.ServerResponse;

/** The gateway's own problem answers (RFC 9457, the services' stable types), fixed texts only. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail unauthenticated(boolean expired) {
        return expired
                ? ApiProblem.problem(HttpStatus.UNAUTHORIZED, "session-expired", "Session expired",
                        "Your session has ended: sign in again")
                : ApiProblem.problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                        "Sign in first: this API is only reached from a signed-in session");
    }

    public static ProblemDetail csrf() {
        return ApiProblem.problem(HttpStatus.FORBIDDEN, "csrf-token-invalid", "Missing or invalid CSRF token",
                "State-changing requests need the session's CSRF token (header X-CSRF-TOKEN): reload the page");
    }

    public static ProblemDetail forbidden() {
        return ApiProblem.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This request is not allowed");
    }

    public static ProblemDetail noRoute() {
        return ApiProblem.problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "The gateway does not route this API path");
    }

    public static ProblemDetail serviceUnavailable(String service) {
        return ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                "The " + service + " cannot be reached right now; nothing was changed by this request."
                        + " Try again in a minute");
    }

    public static ProblemDetail gatewayTimeout(String service) {
        return ApiProblem.problem(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", "Service did not answer in time",
                "The " + service + " did not answer in time. Reload to see whether the change was made");
    }

    public static ServerResponse response(ProblemDetail problem) {
        return ServerResponse.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** For the security filters, which answer before any handler: the texts are fixed and JSON-safe. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"" + problem.getType() + "\",\"title\":\"" + problem.getTitle()
                + "\",\"status\":" + problem.getStatus() + ",\"detail\":\"" + problem.getDetail() + "\"}");
    }
}
