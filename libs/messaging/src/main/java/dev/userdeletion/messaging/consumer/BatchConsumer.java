package dev.userdeletion.messaging.consumer;

import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.messaging.topics.CompactionMarkers;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The one way every listener consumes a poll:
 * <ol>
 *   <li>decode every record strictly; the first one that breaks its contract ends the batch there;</li>
 *   <li>apply the records before it in one transaction (the applier's);</li>
 *   <li>if that fails for an infrastructure reason ({@link Transience}), the whole batch is delivered again, in
 *       order, after a growing pause, for as long as the failure lasts: nothing is skipped, nothing dead-lettered;</li>
 *   <li>if it fails otherwise, the records are applied one by one, each in its own transaction, to find the one at
 *       fault, which is pinned: the records before it stay applied, it is retried a few times and then goes to the
 *       dead-letter topic, the records after it are read again;</li>
 *   <li>a record that broke its contract is pinned the same way and goes to the dead-letter topic at once.</li>
 * </ol>
 * Appliers must be idempotent (inbox, revisions): a record may be applied again after a failure.
 */
public class BatchConsumer {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

    /** Reads one record; throws {@link InvalidEventException} for a record that breaks its contract. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(ConsumerRecord<String, byte[]> record);
    }

    /** Applies decoded records in one transaction of its own. */
    @FunctionalInterface
    public interface Applier<T> {
        void apply(List<T> decoded);
    }

    private final ConsumerHealth health;

    public BatchConsumer(ConsumerHealth health) {
        this.health = health;
    }

    public <T> void consume(String listener, List<ConsumerRecord<String, byte[]>> polled, Decoder<T> decoder,
                            Applier<T> applier) {
        // compaction markers roll quiet partitions (erasure bound); they carry nothing for anyone
        List<ConsumerRecord<String, byte[]>> records = polled.stream().anyMatch(CompactionMarkers::isMarker)
                ? polled.stream().filter(r -> !CompactionMarkers.isMarker(r)).toList() : polled;
        List<T> decoded = new ArrayList<>(records.size());
        InvalidEventException invalid = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                decoded.add(decoder.decode(record));
            } catch (InvalidEventException e) {
                invalid = e;
                break;
            }
        }
        applyAll(listener, records, decoded, applier);
        health.succeeded(listener);
        if (invalid != null) {
            ConsumerRecord<String, byte[]> record = records.get(decoded.size());
            throw new BatchListenerFailedException("Record " + position(record) + " breaks its contract", invalid,
                    record);
        }
    }

    private <T> void applyAll(String listener, List<ConsumerRecord<String, byte[]>> records, List<T> decoded,
                              Applier<T> applier) {
        if (decoded.isEmpty()) {
            return;
        }
        try {
            applier.apply(decoded);
            return;
        } catch (RuntimeException batchFailure) {
            if (Transience.isTransient(batchFailure)) {
                health.failedTransiently(listener, batchFailure);
                throw new BatchListenerFailedException("Listener " + listener + " waits for the infrastructure",
                        batchFailure, records.get(0));
            }
            log.warn("Listener {}: a batch of {} records failed; applying them one by one to find the one at fault",
                    listener, decoded.size(), batchFailure);
        }
        for (int i = 0; i < decoded.size(); i++) {
            try {
                applier.apply(List.of(decoded.get(i)));
            } catch (RuntimeException e) {
                if (Transience.isTransient(e)) {
                    health.failedTransiently(listener, e);
                }
                throw new BatchListenerFailedException("Record " + position(records.get(i)) + " failed", e,
                        records.get(i));
            }
        }
    }

    private static String position(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
