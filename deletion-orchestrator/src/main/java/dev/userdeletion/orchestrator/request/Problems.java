package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.ApiProblem;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** The problem answers of the deletion-request API, each with a stable type slug. */
public final class Problems {

    private Problems() {
    }

    public static ApiProblem notFound(UUID requestId) {
        return ApiProblem.notFound("Deletion request " + requestId);
    }

    public static ApiProblem reviewRequired() {
        return ApiProblem.conflict("review-required",
                "The request is DRAFT: review the selection (POST .../review) before confirming or listing items;"
                        + " a changed selection must be reviewed again");
    }

    /** Another write of the same request committed between this one's read and its write. */
    public static ApiProblem concurrentChange() {
        return ApiProblem.conflict("concurrent-change", "The request was changed by someone else at the same"
                + " moment; nothing was changed by this call. Reload the request and try again");
    }

    /** If-Match named another version than the current one. */
    public static ApiProblem preconditionFailed(int current) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
                "The request has changed since the version you named (it is now version " + current + ");"
                        + " nothing was changed. Reload it and try again");
    }

    public static ApiProblem reviewVersionRequired() {
        return new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "review-version-required", "Review version required",
                "The confirmation must name the review it confirms: send reviewVersion, the reviewVersion shown by"
                        + " the review you checked");
    }

    public static ApiProblem itemsOfAnotherReview(int named, Integer current) {
        return ApiProblem.conflict("review-changed", "You asked for the users of review " + named + " but the"
                + " request's current review is " + current + ": the selection was reviewed again since. Look at the"
                + " new review from its first page");
    }

    public static ApiProblem reviewChanged(int named, Integer current) {
        return ApiProblem.conflict("review-changed", "You confirmed review " + named + " but the request's current"
                + " review is " + current + ": the selection was reviewed again since. Nothing was deleted; check the"
                + " new review and confirm it");
    }

    public static ApiProblem unprocessable(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
    }
}
