package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Reads {@code deletion.outcomes} in batches and applies each batch in one transaction ({@link OutcomeRecorder}).
 * A record that breaks the contract (unreadable, not an outcome) is pinned with {@link BatchListenerFailedException}:
 * the records before it are applied and committed, it goes to {@code deletion.outcomes-dlt} (counted in
 * {@code messaging.dead.letter.records}), and the records after it are read again. If a whole batch fails to apply,
 * it is applied record by record to find the one at fault, which is pinned the same way.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final OutcomeRecorder recorder;
    private final EventCodec codec;

    OutcomeListener(OutcomeRecorder recorder, EventCodec codec) {
        this.recorder = recorder;
        this.codec = codec;
    }

    @KafkaListener(id = "deletion-outcomes", topics = Topics.DELETION_OUTCOMES,
            groupId = "${orchestrator.outcomes.group-id:deletion-orchestrator}", batch = "true",
            properties = "max.poll.records=${orchestrator.outcomes.max-poll-records:2000}")
    public void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
        List<ReceivedOutcome> outcomes = new ArrayList<>(records.size());
        int invalidAt = -1;
        InvalidEventException invalid = null;
        for (int i = 0; i < records.size(); i++) {
            try {
                IncomingEvent incoming = IncomingEvent.of(records.get(i));
                Event event = incoming.decode(codec);
                if (!(event instanceof DeletionOutcome outcome)) {
                    throw new InvalidEventException(incoming.type() + " is not a deletion outcome");
                }
                outcomes.add(new ReceivedOutcome(incoming.eventId(), outcome));
            } catch (InvalidEventException e) {
                invalidAt = i;
                invalid = e;
                break;
            }
        }
        applyAll(outcomes);
        if (invalid != null) {
            throw new BatchListenerFailedException("Invalid outcome event", invalid, invalidAt);
        }
    }

    private void applyAll(List<ReceivedOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        try {
            recorder.apply(outcomes);
        } catch (RuntimeException batchFailure) {
            log.warn("A batch of {} outcomes failed; applying them one by one", outcomes.size(), batchFailure);
            for (int i = 0; i < outcomes.size(); i++) {
                try {
                    recorder.apply(List.of(outcomes.get(i)));
                } catch (RuntimeException e) {
                    ReceivedOutcome failed = outcomes.get(i);
                    throw new BatchListenerFailedException("Outcome " + failed.eventId() + " for request "
                            + failed.outcome().requestId() + " user " + failed.outcome().userId() + " failed", e, i);
                }
            }
        }
    }
}
