package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.DeleteUser;
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
 * Reads {@code DeleteUser} commands in batches and has them executed set-based, one transaction per
 * batch. A record that breaks the contract, or one whose execution fails on its own, is pinned with
 * {@link BatchListenerFailedException}: the records before it are committed, it goes to
 * {@code deletion.commands-dlt} after retries, and the records after it are read again.
 */
@Component
class DeleteUserListener {

    private static final Logger log = LoggerFactory.getLogger(DeleteUserListener.class);

    private final DeletionExecutor executor;
    private final EventCodec codec;

    DeleteUserListener(DeletionExecutor executor, EventCodec codec) {
        this.executor = executor;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.DELETION_COMMANDS, groupId = "membership-service", batch = "true")
    public void onCommands(List<ConsumerRecord<String, byte[]>> records) {
        List<DeleteUser> commands = new ArrayList<>(records.size());
        int invalidAt = -1;
        InvalidEventException invalid = null;
        for (int i = 0; i < records.size(); i++) {
            try {
                commands.add(IncomingEvent.of(records.get(i)).decode(codec, DeleteUser.class));
            } catch (InvalidEventException e) {
                invalidAt = i;
                invalid = e;
                break;
            }
        }
        executeAll(commands);
        if (invalid != null) {
            throw new BatchListenerFailedException("Invalid DeleteUser command", invalid, invalidAt);
        }
    }

    /** The whole batch in one transaction; if that fails, one by one to find the command at fault. */
    private void executeAll(List<DeleteUser> commands) {
        if (commands.isEmpty()) {
            return;
        }
        try {
            executor.execute(commands);
        } catch (RuntimeException batchFailure) {
            log.warn("A batch of {} DeleteUser commands failed; executing them one by one", commands.size(), batchFailure);
            for (int i = 0; i < commands.size(); i++) {
                try {
                    executor.execute(List.of(commands.get(i)));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("DeleteUser command " + commands.get(i).commandId()
                            + " failed", e, i);
                }
            }
        }
    }
}
