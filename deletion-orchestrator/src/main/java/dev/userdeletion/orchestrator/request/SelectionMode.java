package dev.userdeletion.orchestrator.request;

/** How a request selects its users. */
public enum SelectionMode {
    /** Hand-picked user ids, added and removed as the admin pages. */
    USERS,
    /** Every user matching a filter, minus excluded ids. */
    FILTER,
    /** Every user of the platform, minus excluded ids. */
    ALL_USERS
}
