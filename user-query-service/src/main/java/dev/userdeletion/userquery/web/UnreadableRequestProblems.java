package dev.userdeletion.userquery.web;

import dev.userdeletion.web.ApiProblem;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Requests that fail only when a controller reads them: a query string Tomcat cannot decode (a percent-escape
 * that is not valid hex or UTF-8, more parameters than it parses) and a parameter or header name the security
 * firewall refuses (control or unassigned characters). Without this they would be a 500, logged with the
 * offending input quoted. Ordered before the shared problem handler, whose catch-all would take them otherwise.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnreadableRequestProblems {

    private final String unreadableQuery;

    UnreadableRequestProblems(@Value("${server.tomcat.max-parameter-count:1000}") int maxParameters) {
        this.unreadableQuery = "The query string cannot be read: it must be percent-encoded UTF-8 with at most "
                + maxParameters + " parameters";
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadableQuery(InvalidParameterException e) {
        return invalid(unreadableQuery);
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return invalid("A parameter or header holds characters that are not allowed");
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail) {
        return ResponseEntity.badRequest()
                .body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail));
    }
}
