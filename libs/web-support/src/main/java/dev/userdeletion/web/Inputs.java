package dev.userdeletion.web;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.Rules;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Hostile input checked by the product's rules ({@link Rules}, shared with the events), every refusal a 400
 * problem that says what to fix and never echoes the value.
 */
public final class Inputs {

    /** Only the canonical form: {@code UUID.fromString} also takes oddities like "1-2-3-4-5". */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Inputs() {
    }

    public static String platformId(String value) {
        if (!Rules.isPlatformId(value)) {
            throw ApiProblem.invalid("platformId must be 1-64 characters of a-z, 0-9 and '-'");
        }
        return value;
    }

    /** Trims and lower-cases an email; refuses anything that is not a plain address ({@link Rules#plainEmail}). */
    public static String email(String value) {
        if (value == null) {
            throw ApiProblem.invalid("email is required");
        }
        if (value.chars().anyMatch(Rules::isControlOrLineBreak)) {
            throw ApiProblem.invalid("email must not contain control characters");
        }
        return Rules.plainEmail(value).orElseThrow(() -> ApiProblem.invalid("email is not a valid address"));
    }

    /** A user filter's email term ({@link Rules#emailTerm}); null when absent or blank. */
    public static String emailTerm(String value, String field) {
        try {
            return Rules.emailTerm(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field + " " + e.getMessage());
        }
    }

    /** A {@code yyyy-MM-dd} date; null when absent (an empty value is no date). */
    public static LocalDate date(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Rules.date(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field + " " + e.getMessage());
        }
    }

    /** A role, exactly as named. */
    public static Role role(String value, String field) {
        try {
            return Rules.role(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field + " " + e.getMessage());
        }
    }

    public static UUID uuid(String value, String field) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw ApiProblem.invalid(field + " must be a UUID");
        }
        return UUID.fromString(value);
    }
}
