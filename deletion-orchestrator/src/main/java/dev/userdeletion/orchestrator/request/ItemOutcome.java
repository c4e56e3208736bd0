package dev.userdeletion.orchestrator.request;

/** Where one frozen user of a confirmed request stands. */
public enum ItemOutcome {
    /** Waiting for membership-service's answer. */
    PENDING,
    /** Deleted. */
    DELETED,
    /** Not deleted, for a {@code RejectionReason}. */
    REJECTED,
    /** Gone already when the command ran. */
    ALREADY_GONE,
    /** Its command or outcome went to a dead-letter topic: still pending, waiting for an operator's replay. */
    FAILED;

    /** The value stored in {@code deletion_item.outcome} for a decided item. */
    public static ItemOutcome stored(String value) {
        return value == null ? PENDING : valueOf(value);
    }
}
