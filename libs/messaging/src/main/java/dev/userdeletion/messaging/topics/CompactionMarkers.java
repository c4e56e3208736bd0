package dev.userdeletion.messaging.topics;

import dev.userdeletion.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Appends a marker (a tombstone with the reserved key {@value #KEY}, no value) to every partition of every topic
 * that can carry personal data, every {@link ErasureSettings#markerInterval()}. Kafka rolls a segment only when a
 * record is appended after {@code segment.ms}, and never compacts the active segment: without an append, a quiet
 * partition would keep a deleted user's old {@code UserState} behind its tombstone for ever. The marker is that
 * append. It carries nothing, compacts away like any tombstone, and {@code BatchConsumer} drops it before a listener
 * sees it. Every service appends them; duplicates cost a few bytes.
 */
public class CompactionMarkers implements SmartLifecycle {

    /** The key of a marker; never a user id (those are UUIDs). */
    public static final String KEY = "compaction-marker";

    private static final Logger log = LoggerFactory.getLogger(CompactionMarkers.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public CompactionMarkers(KafkaTemplate<String, byte[]> kafka, Duration interval) {
        this.kafka = kafka;
        this.interval = interval;
    }

    /** True for a marker record: consumers skip it. */
    public static boolean isMarker(ConsumerRecord<String, ?> record) {
        return record.value() == null && KEY.equals(record.key());
    }

    /** Appends one marker to every partition of the topics with personal data; waits for Kafka's acknowledgement. */
    public void appendMarkers() throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (String topic : Topics.ALL) {
            if (!ErasureSettings.carriesPersonalData(topic)) {
                continue;
            }
            for (PartitionInfo partition : kafka.partitionsFor(topic)) {
                acks.add(kafka.send(new ProducerRecord<>(topic, partition.partition(), KEY, null)));
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private void appendQuietly() {
        try {
            appendMarkers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the next round appends again; a late roll only delays compaction, it loses nothing
            log.warn("Could not append compaction markers; trying again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "compaction-markers");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::appendQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
