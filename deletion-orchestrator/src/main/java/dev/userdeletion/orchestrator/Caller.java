package dev.userdeletion.orchestrator;

import dev.userdeletion.web.ApiProblem;
import java.util.regex.Pattern;

/**
 * Who is calling. Until authentication arrives (a later issue) the gateway passes the caller's id in the
 * optional {@code X-Requested-By} header; without it the caller is {@code "unknown"}. The id goes into
 * {@code DeleteUser.requestedBy} and {@code DeletionConfirmed.confirmedBy}, and events carry ids only, so a value
 * shaped like an email address is refused.
 */
public final class Caller {

    public static final String HEADER = "X-Requested-By";
    public static final String UNKNOWN = "unknown";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._@:-]{1,100}");
    private static final Pattern EMAIL_LIKE = Pattern.compile("[^@]+@[^@.]+(\\.[^@.]+)+");

    private Caller() {
    }

    public static String id(String header) {
        if (header == null || header.isEmpty()) {
            return UNKNOWN;
        }
        if (!ALLOWED.matcher(header).matches()) {
            throw ApiProblem.invalid(HEADER + " must be 1-100 characters of A-Z, a-z, 0-9 and . _ @ : -");
        }
        if (EMAIL_LIKE.matcher(header).matches()) {
            throw ApiProblem.invalid(HEADER + " must be a user id, not an email address (events carry ids only)");
        }
        return header;
    }
}
