package dev.userdeletion.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error answer with a stable problem {@code type} (RFC 9457). Throw it from any layer; the
 * problem handler turns it into {@code application/problem+json}.
 */
public class ApiProblem extends RuntimeException {

    /** Every problem type is this prefix plus a short slug, e.g. {@code .../count-mismatch}. */
    public static final String TYPE_PREFIX = "https://user-deletion.example/problems/";

    private final HttpStatus status;
    private final String slug;
    private final String title;

    public ApiProblem(HttpStatus status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " does not exist");
    }

    public static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, slug, "Conflict", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblemDetail() {
        return problem(status, slug, title, getMessage());
    }

    public static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }
}
