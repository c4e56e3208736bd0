package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserOutcome;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import dev.userdeletion.notification.followup.FollowUpRepository.Rejection;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads deletion outcomes and request lifecycle events through {@link BatchConsumer}. Every record is decoded
 * strictly (a broken one goes to the dead-letter topic); only rejections and completions change anything here.
 * Outcomes come one per chunk of users (up to {@code orchestrator.chunk-size}, 1,000 by default); only their
 * rejections matter here, applied per event set-based: a poll is handled in one transaction, each event idempotent
 * through the inbox. Per-user outcomes of version 1 still in the log are read as chunks of one.
 */
@Component
class DeletionEventsListener {

    static final String OUTCOMES = "notification-deletion-outcomes";
    static final String REQUESTS = "notification-deletion-requests";

    /** A decoded record and its event id; the event is null when it changes nothing here. */
    private record Received(IncomingEvent incoming, Object event) {
    }

    private final BatchConsumer batches;
    private final FollowUpService followUps;
    private final EventCodec codec;
    private final TransactionTemplate transactions;

    DeletionEventsListener(BatchConsumer batches, FollowUpService followUps, EventCodec codec,
                           TransactionTemplate transactions) {
        this.batches = batches;
        this.followUps = followUps;
        this.codec = codec;
        this.transactions = transactions;
    }

    // an outcome names up to a chunk of users (1,000 by default): 50 of them are plenty for one transaction
    @KafkaListener(id = OUTCOMES, topics = Topics.DELETION_OUTCOMES, groupId = FollowUpService.OUTCOMES_CONSUMER,
            batch = "true", properties = "max.poll.records=50")
    public void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(OUTCOMES, records, this::decode, DeletionEventsListener::deletionRequest,
                received -> transactions.executeWithoutResult(tx ->
                received.forEach(r -> {
                    DeletionOutcome outcome = switch (r.event()) {
                        case DeletionOutcome chunk -> chunk;
                        case UserOutcome single -> DeletionOutcome.of(single, Instant.EPOCH);
                        default -> throw new InvalidEventException(r.incoming().type() + " is not a deletion outcome");
                    };
                    if (!outcome.rejected().isEmpty()) {
                        followUps.onRejections(r.incoming().eventId(), outcome.requestId(), outcome.platformId(),
                                outcome.rejected().stream().map(u -> new Rejection(u.userId(), u.reason())).toList());
                    }
                })));
    }

    @KafkaListener(id = REQUESTS, topics = Topics.DELETION_REQUESTS, groupId = FollowUpService.REQUESTS_CONSUMER,
            batch = "true")
    public void onRequests(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(REQUESTS, records, this::decode, DeletionEventsListener::deletionRequest, received -> transactions.executeWithoutResult(tx ->
                received.forEach(r -> {
                    if (r.event() instanceof DeletionCompleted completed) {
                        followUps.onCompletion(r.incoming().eventId(), completed);
                    }
                })));
    }

    /** The deletion request an event belongs to, for the logs. */
    private static Object deletionRequest(Received received) {
        return switch (received.event()) {
            case DeletionOutcome outcome -> outcome.requestId();
            case UserOutcome outcome -> outcome.requestId();
            case DeletionCompleted completed -> completed.requestId();
            case DeletionConfirmed confirmed -> confirmed.requestId();
            default -> null;
        };
    }

    private Received decode(ConsumerRecord<String, byte[]> record) {
        IncomingEvent incoming = IncomingEvent.of(record);
        return new Received(incoming, incoming.decode(codec));
    }
}
