package dev.userdeletion.security;

import dev.userdeletion.web.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The firewall checks parameter and header names only when a controller reads them (control or unassigned
 * characters); its refusal is then a 400 problem, not a 500 logged with the input. Ordered before the shared
 * problem handler, whose catch-all would take it otherwise.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirewallProblems {

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", "A parameter or header holds characters that are not allowed"));
    }
}
