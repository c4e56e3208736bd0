package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserOutcome;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code deletion.outcomes} and applies each poll in one transaction ({@link OutcomeRecorder}), through
 * {@link BatchConsumer}: infrastructure failures are retried in order for as long as they last; an outcome bad in
 * itself goes to {@code deletion.outcomes-dlt}, where the dead-letter listener marks its user FAILED.
 */
@Component
class OutcomeListener {

    static final String ID = "deletion-outcomes";

    private final BatchConsumer batches;
    private final OutcomeRecorder recorder;
    private final EventCodec codec;

    OutcomeListener(BatchConsumer batches, OutcomeRecorder recorder, EventCodec codec) {
        this.batches = batches;
        this.recorder = recorder;
        this.codec = codec;
    }

    @KafkaListener(id = ID, topics = Topics.DELETION_OUTCOMES,
            groupId = "${orchestrator.outcomes.group-id:deletion-orchestrator}", batch = "true",
            properties = "max.poll.records=${orchestrator.outcomes.max-poll-records:20}")
    public void onOutcomes(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(ID, records, this::decode, received -> received.outcome().requestId(), recorder::apply);
    }

    /** A chunk's outcome; a version 1 per-user outcome still in the log is read as the outcome of a chunk of one. */
    private ReceivedOutcome decode(ConsumerRecord<String, byte[]> record) {
        IncomingEvent incoming = IncomingEvent.of(record);
        return new ReceivedOutcome(incoming.eventId(), switch (incoming.decode(codec)) {
            case DeletionOutcome outcome -> outcome;
            case UserOutcome single -> DeletionOutcome.of(single, Instant.ofEpochMilli(record.timestamp()));
            default -> throw new InvalidEventException(incoming.type() + " is not a deletion outcome");
        });
    }
}
