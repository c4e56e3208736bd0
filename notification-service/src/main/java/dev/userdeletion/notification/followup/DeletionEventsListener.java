package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads deletion outcomes and request lifecycle events through {@link BatchConsumer}. Every record is decoded
 * strictly (a broken one goes to the dead-letter topic); only rejections and completions change anything here.
 * Outcomes come by the hundred thousand when a platform is cleared out, nine in ten of them deletions that change
 * nothing here: a poll is handled in one transaction (each event idempotent through the inbox).
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

    @KafkaListener(id = OUTCOMES, topics = Topics.DELETION_OUTCOMES, groupId = FollowUpService.OUTCOMES_CONSUMER,
            batch = "true")
    public void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(OUTCOMES, records, this::decode, DeletionEventsListener::deletionRequest, received -> transactions.executeWithoutResult(tx ->
                received.forEach(r -> {
                    if (r.event() instanceof UserDeletionRejected rejected) {
                        followUps.onRejection(r.incoming().eventId(), rejected);
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
