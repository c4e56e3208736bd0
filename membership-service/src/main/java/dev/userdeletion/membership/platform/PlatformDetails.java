package dev.userdeletion.membership.platform;

import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;

/** Validated, normalised platform settings. */
public record PlatformDetails(String name, String csmEmail, String adminEmail) {

    static final int MAX_NAME_LENGTH = 200;

    /** Checks a request body; refuses with 400 rather than storing something the UI or a mail header would choke on. */
    static PlatformDetails from(PlatformRequest request) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw ApiProblem.invalid("name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.invalid("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(PlatformDetails::breaksTheLine)) {
            // the name goes into mail subjects and the UI: one line, nothing invisible that ends it
            throw ApiProblem.invalid("name must not contain control characters or line breaks");
        }
        return new PlatformDetails(name, email(request.csmEmail(), "csmEmail"), email(request.adminEmail(), "adminEmail"));
    }

    private static boolean breaksTheLine(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static String email(String value, String field) {
        try {
            return Inputs.email(value);
        } catch (ApiProblem e) {
            // name the field, never echo the value
            throw ApiProblem.invalid(field + ": " + e.getMessage());
        }
    }
}
