package dev.userdeletion.orchestrator.request;

/** What can happen to a deletion request; {@link RequestLifecycle} says in which states and with what result. */
public enum Action {
    /** PUT or PATCH of the selection (admin). */
    CHANGE_SELECTION,
    /** Freezing the selection into items (admin). */
    REVIEW,
    /** Listing the frozen items (admin). */
    LIST_ITEMS,
    /** The typed-count confirmation (admin); repeating a successful one is allowed and changes nothing. */
    CONFIRM,
    /** Abandoning the request (admin). */
    CANCEL,
    /** Every item has an outcome (the orchestrator itself). */
    COMPLETE
}
