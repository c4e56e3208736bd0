package dev.userdeletion.contracts;

/** Contract checks run when an event record is built, so an invalid event is never read or written. */
final class Require {

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
        if (!Rules.isPlatformId(value)) {
            throw new InvalidEventException("platformId must be 1-64 of [a-z0-9-]");
        }
        return value;
    }

    /** An address as the product stores it (never echoed: it is personal data). */
    static String storedEmail(String value, String field) {
        present(value, field);
        if (!Rules.isStoredEmail(value)) {
            throw new InvalidEventException(field + " is not a plain, lower-case address without control characters"
                    + " of at most " + Rules.MAX_EMAIL_LENGTH + " characters");
        }
        return value;
    }

    /** A caller's id ({@code sub}) as the security library admits it; null allowed. */
    static String callerId(String value, String field) {
        if (value != null && (value.isEmpty() || value.length() > Rules.MAX_CALLER_ID_LENGTH
                || value.chars().anyMatch(Rules::isControlOrLineBreak))) {
            throw new InvalidEventException(field + " must be 1-" + Rules.MAX_CALLER_ID_LENGTH
                    + " characters without control characters");
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidEventException(field + " must not be negative");
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
