package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads deletion commands — chunks ({@code DeleteUser} v2), and any version 1 per-user command still in the log, which
 * is a chunk of one — and has each poll executed set-based in one transaction ({@link BatchConsumer}: infrastructure
 * failures are retried in order, a command bad in itself goes to {@code deletion.commands-dlt}).
 */
@Component
class DeleteUserListener {

    static final String ID = "delete-user-commands";

    private final BatchConsumer batches;
    private final DeletionExecutor executor;
    private final EventCodec codec;

    DeleteUserListener(BatchConsumer batches, DeletionExecutor executor, EventCodec codec) {
        this.batches = batches;
        this.executor = executor;
        this.codec = codec;
    }

    /** A poll's chunks are one transaction: {@code membership.deletion.chunks-per-transaction} bounds its size. */
    @KafkaListener(id = ID, topics = Topics.DELETION_COMMANDS, groupId = "membership-service", batch = "true",
            properties = "max.poll.records=${membership.deletion.chunks-per-transaction:10}")
    public void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(ID, records, this::decode, DeleteUsers::requestId, executor::execute);
    }

    private DeleteUsers decode(ConsumerRecord<String, byte[]> record) {
        return switch (IncomingEvent.of(record).decode(codec)) {
            case DeleteUsers chunk -> chunk;
            case DeleteUser single -> DeleteUsers.of(single);
            default -> throw new InvalidEventException("Not a deletion command");
        };
    }
}
