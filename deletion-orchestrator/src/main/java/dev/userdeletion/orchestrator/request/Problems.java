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

    /** A selection change, review or confirmation on a request past its editable states. */
    public static ApiProblem notEditable(RequestState state, String action) {
        return switch (state) {
            case CANCELLED -> ApiProblem.conflict("request-cancelled",
                    "The request is CANCELLED; " + action + " is no longer possible. Create a new request");
            default -> ApiProblem.conflict("request-not-editable",
                    "The request is " + state + "; " + action + " is only possible while it is DRAFT or REVIEWED");
        };
    }

    public static ApiProblem reviewRequired() {
        return ApiProblem.conflict("review-required",
                "The request is DRAFT: review the selection (POST .../review) before confirming or listing items;"
                        + " a changed selection must be reviewed again");
    }

    public static ApiProblem unprocessable(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
    }
}
