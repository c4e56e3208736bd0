package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads deletion outcomes and request lifecycle events. Every record is decoded strictly (a broken one goes
 * to the dead-letter topic); only rejections and completions change anything here.
 *
 * <p>Outcomes come by the hundred thousand when a platform is cleared out, nine in ten of them deletions that
 * change nothing here: a poll is handled in one transaction. If it fails, its records are handled one by one, each
 * in its own transaction (idempotent through the inbox), and the one at fault is pinned with
 * {@link BatchListenerFailedException}: the records before it stay applied, it goes to the dead-letter topic after
 * retries, the records after it are read again.
 */
@Component
class DeletionEventsListener {

    private static final Logger log = LoggerFactory.getLogger(DeletionEventsListener.class);

    private final FollowUpService followUps;
    private final EventCodec codec;
    private final TransactionTemplate transactions;

    DeletionEventsListener(FollowUpService followUps, EventCodec codec, TransactionTemplate transactions) {
        this.followUps = followUps;
        this.codec = codec;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.DELETION_OUTCOMES, groupId = FollowUpService.OUTCOMES_CONSUMER, batch = "true")
    public void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
        try {
            transactions.executeWithoutResult(tx -> records.forEach(this::onOutcome));
        } catch (RuntimeException batchFailure) {
            log.warn("A batch of {} deletion outcomes failed; handling them one by one", records.size(), batchFailure);
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                try {
                    transactions.executeWithoutResult(tx -> onOutcome(record));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("Deletion outcome record " + record.topic() + "-"
                            + record.partition() + "@" + record.offset() + " failed", e, i);
                }
            }
        }
    }

    private void onOutcome(ConsumerRecord<String, byte[]> record) {
        IncomingEvent incoming = IncomingEvent.of(record);
        Event event = incoming.decode(codec);
        if (event instanceof UserDeletionRejected rejected) {
            followUps.onRejection(incoming.eventId(), rejected);
        }
    }

    @KafkaListener(topics = Topics.DELETION_REQUESTS, groupId = FollowUpService.REQUESTS_CONSUMER)
    public void onRequest(ConsumerRecord<String, byte[]> record) {
        IncomingEvent incoming = IncomingEvent.of(record);
        Event event = incoming.decode(codec);
        if (event instanceof DeletionCompleted completed) {
            followUps.onCompletion(incoming.eventId(), completed);
        }
    }
}
