package dev.userdeletion.messaging.topics;

import dev.userdeletion.contracts.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a deleted user's personal data may survive on Kafka ({@code messaging.erasure.*}), and the topic
 * configurations that keep that promise. Only {@code membership.user-state} and its dead-letter topic carry an
 * email; every other topic carries ids only and keeps the broker's settings.
 *
 * <p>Why the numbers: an old {@code UserState} behind a tombstone goes when its segment is compacted. Kafka never
 * compacts the active segment, and it rolls a segment only when a record is appended after {@code segment.ms};
 * {@link CompactionMarkers} append a marker to every partition every {@code bound / 8}, so the segment holding the
 * tombstone is rolled at most {@code bound / 4 + bound / 8} after it; {@code max.compaction.lag.ms = bound / 4} then
 * makes it due for cleaning at once, whatever the dirty ratio. That leaves more than half of the bound for the log
 * cleaner to get to it (it checks every {@code log.cleaner.backoff.ms}, 15 s by default, and may be busy with other
 * logs). The dead-letter topic keeps records {@code bound / 2} in segments of {@code bound / 4}: a record goes at
 * most {@code 3/4 bound} plus the broker's {@code log.retention.check.interval.ms} (5 min) after it was written.
 *
 * @param bound              the longest a deleted user's old {@code UserState} or a dead-lettered {@code UserState}
 *                           stays on Kafka (default 24 h; at least 1 s)
 * @param tombstoneRetention how long the tombstone itself (a user id, no data) stays after compaction (default 7 d).
 *                           A consumer of {@code membership.user-state} that is down longer than this could miss a
 *                           deletion and keep the user in its read model, so keep it longer than any outage
 * @param whenRefused        what a service does when the broker refuses to describe or set these configurations (a
 *                           shared broker without the ACL): {@code REFUSE} to start (default) or {@code WARN}: start,
 *                           log an error, report the topics in the {@code erasure} health details and in
 *                           {@code messaging_erasure_unbounded_topics}
 * @param markers            append the compaction markers (default true; off only where another tool rolls segments)
 */
@ConfigurationProperties("messaging.erasure")
public record ErasureSettings(@DefaultValue("24h") Duration bound, @DefaultValue("7d") Duration tombstoneRetention,
                              @DefaultValue("REFUSE") WhenRefused whenRefused, @DefaultValue("true") boolean markers) {

    /** What to do when the broker will not let a service check or set the erasure configurations. */
    public enum WhenRefused { REFUSE, WARN }

    /** Dirty share of a log at which the cleaner starts anyway: low, so most deleted users go long before the bound. */
    static final String MIN_CLEANABLE_DIRTY_RATIO = "0.1";

    public static final ErasureSettings DEFAULTS =
            new ErasureSettings(Duration.ofHours(24), Duration.ofDays(7), WhenRefused.REFUSE, true);

    public ErasureSettings {
        if (bound == null || bound.toMillis() < 1000 || tombstoneRetention == null || tombstoneRetention.isNegative()
                || whenRefused == null) {
            throw new IllegalArgumentException("messaging.erasure.bound must be at least 1s, tombstone-retention not"
                    + " negative, when-refused REFUSE or WARN");
        }
    }

    /** Segment age after which the next append rolls it (compacted topic and its dead-letter topic). */
    public Duration segment() {
        return bound.dividedBy(4);
    }

    /** How often every partition of a compacted topic gets a marker. */
    public Duration markerInterval() {
        return bound.dividedBy(8);
    }

    /** How long the dead-letter topic of a topic with personal data keeps a record. */
    public Duration deadLetterRetention() {
        return bound.dividedBy(2);
    }

    /** Topics whose records may hold personal data: compacted by user, or the dead letters of such a topic. */
    public static boolean carriesPersonalData(String topic) {
        return Topics.isDeadLetterTopic(topic) ? Topics.isCompacted(Topics.sourceOf(topic)) : Topics.isCompacted(topic);
    }

    /** The configurations {@code topic} must have; empty for topics that carry ids only (broker defaults). */
    public Map<String, String> configsOf(String topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (!carriesPersonalData(topic)) {
            return configs;
        }
        configs.put(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(segment().toMillis()));
        if (Topics.isDeadLetterTopic(topic)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(deadLetterRetention().toMillis()));
        } else {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            configs.put(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, String.valueOf(segment().toMillis()));
            configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
            configs.put(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, MIN_CLEANABLE_DIRTY_RATIO);
            configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(tombstoneRetention.toMillis()));
        }
        return configs;
    }
}
