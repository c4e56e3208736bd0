package dev.userdeletion.contracts;

import java.util.regex.Pattern;

/** Contract checks run when an event record is built, so an invalid event is never read or written. */
final class Require {

    private static final Pattern PLATFORM_ID = Pattern.compile("[a-z0-9-]{1,64}");

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    static String platformId(String value) {
        present(value, "platformId");
        if (!PLATFORM_ID.matcher(value).matches()) {
            throw new InvalidEventException("platformId must be 1-64 of [a-z0-9-]");
        }
        return value;
    }

    static int notNegative(int value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field + " must not be negative");
        }
        return value;
    }
}
