package dev.userdeletion.contracts;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event on the wire: its {@code type} and schema {@code version} (sent as Kafka headers), the
 * topic it goes to and the record it is read into. Java class names never go on the wire.
 */
public enum EventType {
    USER_STATE("UserState", 1, Topics.USER_STATE, UserState.class),
    DELETE_USERS("DeleteUser", 2, Topics.DELETION_COMMANDS, DeleteUsers.class),
    DELETION_OUTCOME("DeletionOutcome", 1, Topics.DELETION_OUTCOMES, DeletionOutcome.class),
    /** Superseded by {@link #DELETE_USERS}: read, never written. */
    DELETE_USER("DeleteUser", 1, Topics.DELETION_COMMANDS, DeleteUser.class),
    /** Superseded by {@link #DELETION_OUTCOME}: read, never written. */
    USER_DELETED("UserDeleted", 1, Topics.DELETION_OUTCOMES, UserDeleted.class),
    /** Superseded by {@link #DELETION_OUTCOME}: read, never written. */
    USER_DELETION_REJECTED("UserDeletionRejected", 1, Topics.DELETION_OUTCOMES, UserDeletionRejected.class),
    /** Superseded by {@link #DELETION_OUTCOME}: read, never written. */
    USER_ALREADY_GONE("UserAlreadyGone", 1, Topics.DELETION_OUTCOMES, UserAlreadyGone.class),
    DELETION_CONFIRMED("DeletionConfirmed", 1, Topics.DELETION_REQUESTS, DeletionConfirmed.class),
    DELETION_COMPLETED("DeletionCompleted", 1, Topics.DELETION_REQUESTS, DeletionCompleted.class),
    FOLLOW_UP_OPENED("FollowUpOpened", 1, Topics.CSM_FOLLOWUPS, FollowUpOpened.class),
    FOLLOW_UP_ITEM_ADDED("FollowUpItemAdded", 1, Topics.CSM_FOLLOWUPS, FollowUpItemAdded.class),
    FOLLOW_UP_ITEM_RESOLVED("FollowUpItemResolved", 1, Topics.CSM_FOLLOWUPS, FollowUpItemResolved.class),
    FOLLOW_UP_CLOSED("FollowUpClosed", 1, Topics.CSM_FOLLOWUPS, FollowUpClosed.class);

    private final String wireName;
    private final int version;
    private final String topic;
    private final Class<? extends Event> javaType;

    EventType(String wireName, int version, String topic, Class<? extends Event> javaType) {
        this.wireName = wireName;
        this.version = version;
        this.topic = topic;
        this.javaType = javaType;
    }

    /** The {@code eventType} header value. */
    public String wireName() {
        return wireName;
    }

    /** The {@code schemaVersion} header value. */
    public int version() {
        return version;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Event> javaType() {
        return javaType;
    }

    /** Resource path of the JSON Schema documenting this event. */
    public String schemaResource() {
        return "/schemas/" + wireName + ".v" + version + ".json";
    }

    /**
     * Version 1 of the per-user deletion traffic, replaced by chunks ({@code DeleteUser} v2, {@code DeletionOutcome}):
     * consumers still read these records (they may remain in the log), producers no longer write them.
     */
    public boolean superseded() {
        return this == DELETE_USER || this == USER_DELETED || this == USER_DELETION_REJECTED
                || this == USER_ALREADY_GONE;
    }

    /** The type named by the {@code eventType} and {@code schemaVersion} headers. */
    public static Optional<EventType> of(String wireName, int version) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName) && t.version == version).findFirst();
    }

    public static boolean isKnown(String wireName) {
        return Arrays.stream(values()).anyMatch(t -> t.wireName.equals(wireName));
    }

    public static EventType of(Event event) {
        return Arrays.stream(values()).filter(t -> t.javaType == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a registered event: " + event.getClass()));
    }
}
