package dev.userdeletion.web;

import jakarta.validation.ConstraintViolationException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as an RFC 9457 problem with a stable {@code type}. Bad input is a 4xx with a
 * detail that says what to fix; echoing the offending value is avoided (it may be an email or hostile).
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final int maxParameters;

    ProblemHandler(@Value("${server.tomcat.max-parameter-count:1000}") int maxParameters) {
        this.maxParameters = maxParameters;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiProblem.problem(HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large", "Request body too large", e.getMessage()));
    }

    /**
     * A query string Tomcat cannot decode (a percent-escape that is not valid hex or UTF-8, more parameters than
     * it parses) fails only when the first parameter is read; without this it would be a 500 logged with the value.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unreadableQuery(InvalidParameterException e) {
        return badRequest("invalid-request", "Invalid request", "The query string cannot be read: it must be "
                + "percent-encoded UTF-8 with at most " + maxParameters + " parameters");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest("invalid-parameter", "Invalid parameter", "Parameter '" + e.getName() + "' has an invalid value");
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        return badRequest("invalid-request", "Invalid request", e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().reduce((a, b) -> a + "; " + b).orElse(""));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        log.info("Request refused by a database constraint: {}", e.getMostSpecificCause().getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiProblem.problem(HttpStatus.CONFLICT, "conflict",
                "Conflict", "The request conflicts with the current state; reload and try again"));
    }

    private static ResponseEntity<ProblemDetail> badRequest(String slug, String title, String detail) {
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, slug, title, detail));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ApiProblem.problem(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error", "The request could not be completed"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage()).sorted().reduce((a, b) -> a + "; " + b)
                .orElse("The request body is invalid");
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", detail));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .map(r -> r.getMethodParameter().getParameterName() + " " + r.getResolvableErrors().stream()
                        .map(err -> err.getDefaultMessage()).findFirst().orElse("is invalid"))
                .sorted().reduce((a, b) -> a + "; " + b).orElse("Invalid parameters");
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-parameter",
                "Invalid parameter", detail));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof RequestTooLargeException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof RequestTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiProblem.problem(
                    HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", tooLarge.getMessage()));
        }
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "malformed-body",
                "Malformed request body", "The body is not valid JSON for this endpoint (unknown fields are refused)"));
    }

    /** Spring's own 4xx (404 no handler, 405, 415, 406, missing parameter…) get our stable type too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            String slug = status == null ? "error" : status.name().toLowerCase().replace('_', '-');
            problem.setType(java.net.URI.create(ApiProblem.TYPE_PREFIX + slug));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
