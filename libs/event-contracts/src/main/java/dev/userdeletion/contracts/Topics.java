package dev.userdeletion.contracts;

import java.util.List;

/** Kafka topic names. Every topic but {@link #USER_STATE} carries ids only. */
public final class Topics {

    /** Full {@link UserState} after every change, tombstone on deletion; compacted, key = userId. */
    public static final String USER_STATE = "membership.user-state";
    /** {@link DeleteUsers} commands (chunks of users), key = requestId; version 1 per-user commands had key = userId. */
    public static final String DELETION_COMMANDS = "deletion.commands";
    /** {@link DeletionOutcome}s, one per command, key = requestId; version 1 per-user outcomes had key = userId. */
    public static final String DELETION_OUTCOMES = "deletion.outcomes";
    /** Lifecycle of deletion requests, key = requestId. */
    public static final String DELETION_REQUESTS = "deletion.requests";
    /** CSM follow-up cases, key = caseId. */
    public static final String CSM_FOLLOWUPS = "csm.followups";

    /** Suffix of the dead-letter topic of each topic. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public static final List<String> ALL =
            List.of(USER_STATE, DELETION_COMMANDS, DELETION_OUTCOMES, DELETION_REQUESTS, CSM_FOLLOWUPS);

    private Topics() {
    }

    public static boolean isCompacted(String topic) {
        return USER_STATE.equals(topic);
    }

    public static String deadLetterTopic(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    public static boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX);
    }

    /** The topic whose records {@code deadLetterTopic} holds. */
    public static String sourceOf(String deadLetterTopic) {
        if (!isDeadLetterTopic(deadLetterTopic)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic");
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - DEAD_LETTER_SUFFIX.length());
    }
}
