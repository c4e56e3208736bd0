package dev.userdeletion.messaging.deadletter;

import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import dev.userdeletion.messaging.MessagingProperties;
import dev.userdeletion.messaging.consumer.Transience;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The error handling of every listener. A record that fails for an infrastructure reason ({@link Transience}: the
 * database read-only or unreachable, a deadlock, a timeout, the broker away) is delivered again, in order, with
 * exponential pauses up to {@code messaging.consumer.max-backoff}, for as long as the failure lasts; it never goes to
 * a dead-letter topic. A record that fails otherwise is retried {@code messaging.consumer.attempts} times in all, then
 * published to {@code <topic>-dlt} (with the exception in headers) and counted in
 * {@code messaging.dead.letter.records}. A record that breaks its contract goes there at once. Nothing is skipped
 * silently.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    public static DefaultErrorHandler errorHandler(KafkaTemplate<String, byte[]> template, MeterRegistry meters,
                                                   MessagingProperties.Consumer settings) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterTopic(record.topic()), -1));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            if (Transience.isTransient(exception)) {
                // the attempts ran out while the infrastructure was away (the record first failed otherwise): it is
                // not poison. Refusing to recover resets its state, and the next failure is retried until it is back.
                throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " is not dead-lettered: its last failure is the infrastructure's");
            }
            publisher.accept(record, withoutBatchWrapper(exception));
            Counter.builder("messaging.dead.letter.records")
                    .description("Records that could not be processed and went to a dead-letter topic")
                    .tag("topic", record.topic())
                    .register(meters)
                    .increment();
            log.warn("Record {}-{}@{} (key {}) sent to {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), Topics.deadLetterTopic(record.topic()), rootMessage(exception));
        }, new FixedBackOff(settings.retryInterval().toMillis(), Math.max(0, settings.attempts() - 1)));
        handler.addNotRetryableExceptions(InvalidEventException.class);
        handler.setBackOffFunction((record, exception) -> Transience.isTransient(exception)
                ? untilItIsBack(settings) : null);
        // a transient failure that turns into a real one starts counting the real one's attempts from zero
        handler.setResetStateOnExceptionChange(true);
        handler.setResetStateOnRecoveryFailure(true);
        return handler;
    }

    /** Unlimited attempts, pauses doubling from the retry interval up to the maximum back-off. */
    private static BackOff untilItIsBack(MessagingProperties.Consumer settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.retryInterval().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    /**
     * A batch listener pins a failed record with {@link BatchListenerFailedException}; strip it, so the
     * dead-letter headers name the real cause as they do for record listeners.
     */
    private static Exception withoutBatchWrapper(Exception exception) {
        if (exception.getCause() instanceof BatchListenerFailedException batch && batch.getCause() != null) {
            return new ListenerExecutionFailedException(exception.getMessage(), batch.getCause());
        }
        return exception;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
