package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code DeleteUser} commands and has each poll executed set-based in one transaction
 * ({@link BatchConsumer}: infrastructure failures are retried in order, a command bad in itself goes to
 * {@code deletion.commands-dlt}).
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

    @KafkaListener(id = ID, topics = Topics.DELETION_COMMANDS, groupId = "membership-service", batch = "true")
    public void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(ID, records, record -> IncomingEvent.of(record).decode(codec, DeleteUser.class),
                DeleteUser::requestId, executor::execute);
    }
}
