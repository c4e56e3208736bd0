package dev.userdeletion.testsupport;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.assertj.core.api.SoftAssertions;
import org.springframework.http.MediaType;

/** What an authorisation matrix expects of a call: let through (neither 401 nor 403), or refused with a problem. */
public enum Access {
    THROUGH(0, null),
    UNAUTHENTICATED(401, "unauthenticated"),
    FORBIDDEN(403, "forbidden");

    private final int status;
    private final String slug;

    Access(int status, String slug) {
        this.status = status;
        this.slug = slug;
    }

    /** What a route with {@code grants} answers {@code caller}. */
    public static Access expected(Set<Grant> grants, Caller caller) {
        if (caller.kind() == Caller.Kind.INVALID) {
            return UNAUTHENTICATED; // even where no token is needed: a token that is sent is checked
        }
        if (grants.contains(Grant.ANYONE)) {
            return THROUGH;
        }
        if (caller.kind() == Caller.Kind.NONE) {
            return UNAUTHENTICATED;
        }
        return grants.stream().anyMatch(grant -> grant.admits(caller)) ? THROUGH : FORBIDDEN;
    }

    /**
     * Calls every row as every caller and asserts each answer as the row says (softly: every wrong answer is
     * reported): let through, below 300 from the service's own API and below 500 from any other route (e.g. 404 for
     * a health group that is not shown), never 401 or 403; refused, the problem of the refusal.
     */
    public static <R extends MatrixRow> void assertAnswers(List<R> rows, List<Caller> callers,
                                                           BiFunction<R, Caller, Response> call) {
        SoftAssertions softly = new SoftAssertions();
        for (R row : rows) {
            for (Caller caller : callers) {
                Response r = call.apply(row, caller);
                row.expected(caller).assertAnswered(softly, row.route() + " as " + caller.name() + ": " + r.raw(), r,
                        row.isApi() ? 300 : 500);
            }
        }
        softly.assertAll();
    }

    /**
     * The answer this stands for: let through, any status below {@code throughBelow} but 401 and 403; else
     * {@link #assertRefused refused}.
     */
    public void assertAnswered(SoftAssertions softly, String row, Response r, int throughBelow) {
        if (this == THROUGH) {
            softly.assertThat(r.status()).as(row).isNotIn(401, 403).isLessThan(throughBelow);
        } else {
            assertRefused(softly, row, r);
        }
    }

    /** The refusal this stands for: its status, as an RFC 9457 problem of its type; {@code row} names the call. */
    public void assertRefused(SoftAssertions softly, String row, Response r) {
        softly.assertThat(r.status()).as(row).isEqualTo(status);
        softly.assertThat(r.contentType()).as(row).isNotNull()
                .matches(type -> type != null && type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON), "is problem+json");
        softly.assertThat(r.body() == null || r.body().get("type") == null ? null : r.body().get("type").asString())
                .as(row).endsWith("/" + slug);
    }
}
