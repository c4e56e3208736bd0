package dev.userdeletion.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error answer an operation really gives, declared in the service's OpenAPI document as an
 * {@code application/problem+json} response whose {@code type} is one of {@link #types()} (slugs after
 * {@link dev.userdeletion.web.ApiProblem#TYPE_PREFIX}). The answers every operation of a kind shares (a body that
 * is not JSON, an unacceptable Accept, no token…) are added by {@link ApiDocumentation}; declare the rest here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponses.class)
public @interface ProblemResponse {

    int status();

    /** Problem type slugs, e.g. {@code "count-mismatch"}. */
    String[] types();

    /** When it is answered. */
    String description();
}
