package dev.userdeletion.localstack.erasure;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the erasure check looks for: one user id, or one whole email address (never a fragment, so the check cannot
 * be turned into a search of other people's data). Matching is case-insensitive; an address matches only as a whole
 * ({@code jo@example.org} is not found inside {@code anjo@example.org}).
 */
public record Needle(String label, String text, boolean isEmail) {

    /** Any email address: a row or record holding one, besides the user id, holds personal data. */
    static final String ANY_EMAIL = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+";

    private static final Pattern PLAIN_ADDRESS =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    public static Needle userId(String value) {
        try {
            UUID id = UUID.fromString(value.strip());
            if (!id.toString().equalsIgnoreCase(value.strip())) {
                throw new IllegalArgumentException();
            }
            return new Needle("user id " + id, id.toString(), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--user-id must be a user id (a UUID such as"
                    + " 3f0c2a9e-5b7d-4c1e-9a2f-1d2e3f4a5b6c)");
        }
    }

    public static Needle email(String value) {
        String address = value.strip();
        if (address.length() > 254 || !PLAIN_ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("--email must be one whole email address (e.g. jane@example.org):"
                    + " no spaces, wildcards or partial addresses");
        }
        return new Needle("email address", address.toLowerCase(Locale.ROOT), true);
    }

    /** A PostgreSQL / Java regular expression matching the needle as a whole word, case-insensitively. */
    public String regex() {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return "(^|[^A-Za-z0-9._%+-])" + escaped + "($|[^A-Za-z0-9_-]|\\.($|[^A-Za-z0-9]))";
    }

    Pattern pattern() {
        return Pattern.compile(regex(), Pattern.CASE_INSENSITIVE);
    }
}
