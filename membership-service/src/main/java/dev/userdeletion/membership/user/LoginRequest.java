package dev.userdeletion.membership.user;

import dev.userdeletion.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Body of {@code POST /api/users/{userId}/logins}; {@code at} defaults to now. */
public record LoginRequest(@Schema(format = "date-time", example = "2025-06-01T12:00:00Z") String at) {

    /**
     * The login time, null for "now". Only an ISO-8601 instant is taken: Jackson would read a number as
     * epoch seconds and quietly turn one as large as 1e300 into 1970-01-01.
     */
    Instant instant() {
        if (at == null) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("at must be an ISO-8601 instant, e.g. 2025-06-01T12:00:00Z");
        }
    }
}
