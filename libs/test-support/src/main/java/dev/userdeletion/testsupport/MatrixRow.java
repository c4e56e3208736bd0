package dev.userdeletion.testsupport;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/** A row of an authorisation matrix: a route as the handler mapping has it, and whom it lets through. */
public interface MatrixRow {

    /** null: any method. */
    HttpMethod method();

    String mapping();

    Set<Grant> grants();

    /** As {@link Routes#mapped} lists it. */
    default String route() {
        return (method() == null ? "*" : method().name()) + " " + mapping();
    }

    /** A route of the service's own API, rather than springdoc's or actuator's. */
    default boolean isApi() {
        return mapping().startsWith("/api/");
    }

    default Access expected(Caller caller) {
        return Access.expected(grants(), caller);
    }

    static Set<String> routes(Collection<? extends MatrixRow> rows) {
        return rows.stream().map(MatrixRow::route).collect(Collectors.toCollection(TreeSet::new));
    }
}
