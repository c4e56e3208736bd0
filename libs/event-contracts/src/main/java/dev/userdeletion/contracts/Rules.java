package dev.userdeletion.contracts;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The product's one definition of the rules every service and every event keeps: platform ids, email addresses,
 * the email search term of a user filter, dates, roles. The APIs turn a broken rule into a 400 problem
 * ({@code Inputs} in web-support), the event contracts into {@link InvalidEventException}.
 */
public final class Rules {

    /** A platform id: 1-64 of a-z, 0-9 and '-'. */
    public static final Pattern PLATFORM_ID = Pattern.compile("[a-z0-9-]{1,64}");
    /** The longest email address (RFC 5321's path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    /** The longest caller id ({@code sub}) an event records. */
    public static final int MAX_CALLER_ID_LENGTH = 100;
    /** {@code yyyy-MM-dd}, a real date with a four-digit year. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** A pragmatic address check: one @, no spaces or control characters, a dotted domain. */
    private static final Pattern EMAIL = Pattern.compile(
            "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern FOUR_DIGIT_YEAR_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private Rules() {
    }

    public static boolean isPlatformId(String value) {
        return value != null && PLATFORM_ID.matcher(value).matches();
    }

    /**
     * The address trimmed and lower-cased, or empty when it is not a plain address. A control character anywhere
     * (CR/LF above all: an address ends up in SMTP headers and CSV files) makes it no address; it is never trimmed
     * away.
     */
    public static Optional<String> plainEmail(String value) {
        if (value == null || value.chars().anyMatch(Rules::isControlOrLineBreak)) {
            return Optional.empty();
        }
        String normalised = value.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(normalised).matches()) {
            return Optional.empty();
        }
        return Optional.of(normalised);
    }

    /** True for an address exactly as {@link #plainEmail} would store it. */
    public static boolean isStoredEmail(String value) {
        return value != null && plainEmail(value).filter(value::equals).isPresent();
    }

    /**
     * The email term of a user filter (a case-insensitive substring): trimmed, null when empty.
     *
     * @throws IllegalArgumentException when it is longer than an address or holds a control character or line break
     */
    public static String emailTerm(String value) {
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(Rules::isControlOrLineBreak)) {
            throw new IllegalArgumentException("must not contain control characters or line breaks");
        }
        String term = value.strip();
        if (term.length() > MAX_EMAIL_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_EMAIL_LENGTH + " characters");
        }
        return term.isEmpty() ? null : term;
    }

    /** @throws IllegalArgumentException unless {@code yyyy-MM-dd} names a real date */
    public static LocalDate date(String value) {
        if (value == null || !FOUR_DIGIT_YEAR_DATE.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a date like 2026-03-31 (yyyy-MM-dd)");
        }
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a date like 2026-03-31 (yyyy-MM-dd)");
        }
    }

    /** @throws IllegalArgumentException unless it is exactly a role's name */
    public static Role role(String value) {
        for (Role role : Role.values()) {
            if (role.name().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("must be MENTOR or MENTEE");
    }

    /** CR, LF, NUL and every other control character, and the Unicode line and paragraph separators. */
    public static boolean isControlOrLineBreak(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
