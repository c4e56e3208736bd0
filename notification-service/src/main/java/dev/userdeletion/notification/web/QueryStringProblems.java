package dev.userdeletion.notification.web;

import dev.userdeletion.web.ApiProblem;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A query string Tomcat cannot read (a percent-escape that is not valid hex or UTF-8, more parameters than
 * it parses) fails when the first parameter is read; without this it would be a 500, logged with the
 * offending value. Ordered before the shared problem handler, whose catch-all would take it otherwise.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryStringProblems {

    private final String detail;

    QueryStringProblems(@Value("${server.tomcat.max-parameter-count:1000}") int maxParameters) {
        this.detail = "The query string cannot be read: it must be percent-encoded UTF-8 with at most "
                + maxParameters + " parameters";
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadable(InvalidParameterException e) {
        return ResponseEntity.badRequest()
                .body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail));
    }
}
