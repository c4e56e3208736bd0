package dev.userdeletion.orchestrator.web;

import dev.userdeletion.web.ApiProblem;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Tomcat parses the query string lazily, when a controller first reads a parameter, and throws on a malformed one
 * (a pair without a name such as {@code ?=DRAFT}, a broken %-escape). Without this it would reach the shared
 * handler's catch-all as a 500, logged with the raw query in its message. It is the client's mistake: 400, and
 * nothing of the query is echoed or logged.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedQueryProblems {

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery() {
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", "The query string is malformed: every parameter needs a name and valid %-escapes"));
    }
}
