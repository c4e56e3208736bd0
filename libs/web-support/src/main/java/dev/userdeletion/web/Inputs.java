package dev.userdeletion.web;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Rules for ids and emails that every service applies to hostile input the same way. */
public final class Inputs {

    public static final Pattern PLATFORM_ID = Pattern.compile("[a-z0-9-]{1,64}");
    /** A pragmatic address check: one @, no spaces or control characters, a dotted domain. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    public static final int MAX_EMAIL_LENGTH = 254;
    /** Only the canonical form: {@code UUID.fromString} also takes oddities like "1-2-3-4-5". */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Inputs() {
    }

    public static String platformId(String value) {
        if (value == null || !PLATFORM_ID.matcher(value).matches()) {
            throw ApiProblem.invalid("platformId must be 1-64 characters of a-z, 0-9 and '-'");
        }
        return value;
    }

    /**
     * Trims and lower-cases an email; refuses anything that is not a plain address. Control characters
     * (CR/LF above all: an address ends up in SMTP headers) are refused anywhere, not trimmed away.
     */
    public static String email(String value) {
        if (value == null) {
            throw ApiProblem.invalid("email is required");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid("email must not contain control characters");
        }
        String normalised = value.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(normalised).matches()) {
            throw ApiProblem.invalid("email is not a valid address");
        }
        return normalised;
    }

    public static UUID uuid(String value, String field) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw ApiProblem.invalid(field + " must be a UUID");
        }
        return UUID.fromString(value);
    }
}
