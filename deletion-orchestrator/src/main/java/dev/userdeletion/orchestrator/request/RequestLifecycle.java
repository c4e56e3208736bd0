package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.ApiProblem;

/**
 * The one place that says what a deletion request may do in each state, and what it becomes:
 * <pre>
 *   DRAFT ──review──▶ REVIEWED ──confirm──▶ CONFIRMED ──complete──▶ COMPLETED
 *     ▲ ◀─change selection─┘  (re-review: REVIEWED)
 *   DRAFT, REVIEWED ──cancel──▶ CANCELLED
 * </pre>
 * An action a person may not take in a state is refused with the 409 problem the API documents; an action the
 * orchestrator itself takes in a wrong state is a bug ({@link IllegalStateException}).
 */
public final class RequestLifecycle {

    private RequestLifecycle() {
    }

    /** The state {@code action} leads to from {@code from}, or the refusal. */
    public static RequestState next(RequestState from, Action action) {
        return switch (from) {
            case DRAFT -> switch (action) {
                case CHANGE_SELECTION -> RequestState.DRAFT;
                case REVIEW -> RequestState.REVIEWED;
                case CANCEL -> RequestState.CANCELLED;
                case CONFIRM, LIST_ITEMS -> throw Problems.reviewRequired();
                case COMPLETE -> throw illegal(from, action);
            };
            case REVIEWED -> switch (action) {
                case CHANGE_SELECTION -> RequestState.DRAFT;
                case REVIEW, LIST_ITEMS -> RequestState.REVIEWED;
                case CONFIRM -> RequestState.CONFIRMED;
                case CANCEL -> RequestState.CANCELLED;
                case COMPLETE -> throw illegal(from, action);
            };
            case CONFIRMED -> switch (action) {
                case CHANGE_SELECTION, REVIEW -> throw notEditable(from, action);
                case CANCEL -> throw notCancellable(from);
                case CONFIRM, LIST_ITEMS -> RequestState.CONFIRMED;
                case COMPLETE -> RequestState.COMPLETED;
            };
            case COMPLETED -> switch (action) {
                case CHANGE_SELECTION, REVIEW -> throw notEditable(from, action);
                case CANCEL -> throw notCancellable(from);
                case CONFIRM, LIST_ITEMS -> RequestState.COMPLETED;
                case COMPLETE -> throw illegal(from, action);
            };
            case CANCELLED -> throw action == Action.COMPLETE ? illegal(from, action)
                    : ApiProblem.conflict("request-cancelled", "The request is CANCELLED; " + describe(action)
                            + " is no longer possible. Create a new request");
        };
    }

    private static ApiProblem notEditable(RequestState state, Action action) {
        return ApiProblem.conflict("request-not-editable", "The request is " + state + "; " + describe(action)
                + " is only possible while it is DRAFT or REVIEWED");
    }

    private static ApiProblem notCancellable(RequestState state) {
        return ApiProblem.conflict("request-not-cancellable", "The request is " + state
                + "; only a DRAFT or REVIEWED request can be cancelled");
    }

    private static IllegalStateException illegal(RequestState state, Action action) {
        return new IllegalStateException("A " + state + " request cannot " + action);
    }

    private static String describe(Action action) {
        return switch (action) {
            case CHANGE_SELECTION -> "changing the selection";
            case REVIEW -> "reviewing";
            case LIST_ITEMS -> "listing its items";
            case CONFIRM -> "confirming";
            case CANCEL -> "cancelling";
            case COMPLETE -> "completing";
        };
    }
}
