package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.ApiProblem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's {@code ETag} is its version as a strong entity tag ({@code "7"}). {@code If-Match} (RFC 9110) holds
 * {@code *} or a list of entity tags; it passes when one of them is the current version, strongly compared (a weak
 * tag {@code W/"7"} never matches).
 */
public final class EntityTags {

    private static final Pattern TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*");

    private EntityTags() {
    }

    public static String of(int version) {
        return "\"" + version + "\"";
    }

    /** Refuses with 412 unless {@code ifMatch} (null: absent) names {@code current}; 400 if it is not a tag list. */
    public static void check(String ifMatch, int current) {
        if (ifMatch == null) {
            return;
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return;
        }
        boolean matched = false;
        for (String part : value.split(",", -1)) {
            Matcher tag = TAG.matcher(part);
            if (!tag.matches()) {
                throw ApiProblem.invalid("If-Match must be * or entity tags such as \"7\" (a request's ETag)");
            }
            matched |= tag.group(1) == null && tag.group(2).equals(String.valueOf(current));
        }
        if (!matched) {
            throw Problems.preconditionFailed(current);
        }
    }
}
