package dev.userdeletion.orchestrator.deadletter;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserOutcome;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches the dead-letter topics of the deletion traffic, so a request shows at once which of its users are stuck:
 * a {@code DeleteUser} chunk that membership-service could not execute ({@code deletion.commands-dlt}) or an outcome
 * that could not be applied ({@code deletion.outcomes-dlt}) marks the items of all the users it names FAILED with a short reason (the topic and the
 * exception class from the dead-letter headers). The records stay in the dead-letter topics for an operator's
 * replay; the replayed command's outcome then decides the item as usual. A record that breaks its contract (another
 * schema version, a malformed list: the usual way into a dead-letter topic) cannot name its users, but its JSON
 * still names its chunk ({@code requestId}, {@code commandId}): every undecided item of that chunk is marked. A
 * dead-letter record that cannot be tied to a chunk at all is logged and counted, and stays in its topic.
 */
@Component
class DeadLetterListener {

    static final String ID = "deletion-dead-letters";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterListener.class);
    private static final String EXCEPTION_HEADER = "kafka_dlt-exception-cause-fqcn";
    private static final String FALLBACK_EXCEPTION_HEADER = "kafka_dlt-exception-fqcn";
    /** Reads any JSON, whatever the contract says, for the ids a broken record may still carry. */
    private static final JsonMapper LENIENT = JsonMapper.builder().build();

    private final BatchConsumer batches;
    private final FailedItems failedItems;
    private final EventCodec codec;

    DeadLetterListener(BatchConsumer batches, FailedItems failedItems, EventCodec codec) {
        this.batches = batches;
        this.failedItems = failedItems;
        this.codec = codec;
    }

    @KafkaListener(id = ID, groupId = "${orchestrator.outcomes.group-id:deletion-orchestrator}-dead-letters",
            topics = {"deletion.commands-dlt", "deletion.outcomes-dlt"}, batch = "true")
    public void onDeadLetters(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(ID, records, this::decode, failed -> failedItems.mark(failed.stream()
                .flatMap(List::stream).toList()));
    }

    /**
     * The items a dead-lettered record belongs to: every user of a chunk or of an outcome (a version 1 record names
     * one); none when it cannot be told (it is logged and counted).
     */
    private List<FailedItems.Failure> decode(ConsumerRecord<String, byte[]> record) {
        try {
            Event event = IncomingEvent.of(record).decode(codec);
            String reason = Topics.sourceOf(record.topic()) + ": " + simpleName(exception(record));
            return switch (event) {
                case DeleteUsers chunk -> failures(chunk, reason);
                case DeleteUser single -> failures(DeleteUsers.of(single), reason);
                case DeletionOutcome outcome -> failures(outcome, reason);
                case UserOutcome single -> failures(DeletionOutcome.of(single, Instant.EPOCH), reason);
                default -> unattributed(record, event.getClass().getSimpleName() + " is not deletion traffic");
            };
        } catch (InvalidEventException e) {
            return chunkNamedBy(record, e.getMessage());
        }
    }

    /** The chunk a record that breaks its contract names in its JSON, read leniently; unattributed without one. */
    private List<FailedItems.Failure> chunkNamedBy(ConsumerRecord<String, byte[]> record, String why) {
        try {
            JsonNode json = LENIENT.readTree(record.value());
            // the record's key is its request id too
            String requestId = json.path("requestId").asString(record.key());
            String commandId = json.path("commandId").asString(null);
            if (requestId == null || commandId == null) {
                return unattributed(record, why);
            }
            String reason = Topics.sourceOf(record.topic()) + ": breaks its contract";
            return List.of(FailedItems.Failure.ofChunk(UUID.fromString(requestId), UUID.fromString(commandId),
                    reason));
        } catch (JacksonException | IllegalArgumentException notAChunk) {
            return unattributed(record, why);
        }
    }

    private static List<FailedItems.Failure> failures(DeleteUsers chunk, String reason) {
        return chunk.userIds().stream().map(user -> new FailedItems.Failure(chunk.requestId(), user,
                chunk.commandId(), reason)).toList();
    }

    private static List<FailedItems.Failure> failures(DeletionOutcome outcome, String reason) {
        return outcome.decisions().stream().map(d -> new FailedItems.Failure(outcome.requestId(), d.userId(),
                outcome.commandId(), reason)).toList();
    }

    private List<FailedItems.Failure> unattributed(ConsumerRecord<String, byte[]> record, String why) {
        failedItems.countUnattributed();
        log.warn("Dead-letter record {}-{}@{} cannot be tied to a request ({}); it stays there for an operator",
                record.topic(), record.partition(), record.offset(), why);
        return List.of();
    }

    private static String exception(ConsumerRecord<String, byte[]> record) {
        for (String name : new String[] {EXCEPTION_HEADER, FALLBACK_EXCEPTION_HEADER}) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return "unknown";
    }

    private static String simpleName(String className) {
        String name = className.substring(className.lastIndexOf('.') + 1);
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

}
