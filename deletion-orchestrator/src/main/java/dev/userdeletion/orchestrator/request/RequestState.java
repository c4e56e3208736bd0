package dev.userdeletion.orchestrator.request;

/**
 * Lifecycle of a deletion request: {@code DRAFT → REVIEWED → CONFIRMED → COMPLETED}, and
 * {@code DRAFT/REVIEWED → CANCELLED}. A selection change moves {@code REVIEWED} back to {@code DRAFT}.
 */
public enum RequestState {
    /** The selection is being built; nothing is frozen. */
    DRAFT,
    /** The selection is frozen into items with a count; waiting for the typed-count confirmation. */
    REVIEWED,
    /** Commands are out; outcomes are being counted. */
    CONFIRMED,
    /** Every item has an outcome. */
    COMPLETED,
    /** Abandoned before confirmation. */
    CANCELLED
}
