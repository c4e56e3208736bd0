package dev.userdeletion.orchestrator.receipt;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the deletion receipts from the event log alone: {@code deletion.commands}, {@code deletion.outcomes},
 * {@code deletion.requests} and {@code csm.followups}, in a consumer group of its own, so a receipt says what the
 * log says, not what the orchestrator's request tables say. Each poll is folded ({@link ReceiptEvents}) and written
 * in one transaction with the inbox, through {@link BatchConsumer}: a redelivered event changes nothing, the
 * infrastructure's failures are retried in order. A record that breaks its contract goes to its topic's
 * dead-letter topic, as its main consumer sends it there too; the receipt tables have no constraint a valid event
 * could break (text columns, upserts), so nothing else is ever dead-lettered by this listener.
 */
@Component
class ReceiptListener {

    static final String ID = "deletion-receipts";

    private final BatchConsumer batches;
    private final EventCodec codec;
    private final Inbox inbox;
    private final ReceiptStore store;
    private final TransactionTemplate transactions;

    ReceiptListener(BatchConsumer batches, EventCodec codec, Inbox inbox, ReceiptStore store,
                    TransactionTemplate transactions) {
        this.batches = batches;
        this.codec = codec;
        this.inbox = inbox;
        this.store = store;
        this.transactions = transactions;
    }

    @KafkaListener(id = ID, groupId = "${orchestrator.receipts.group-id:deletion-receipts}", batch = "true",
            topics = {Topics.DELETION_COMMANDS, Topics.DELETION_OUTCOMES, Topics.DELETION_REQUESTS,
                    Topics.CSM_FOLLOWUPS},
            properties = "max.poll.records=${orchestrator.receipts.max-poll-records:2000}")
    public void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(ID, records, this::decode, received -> transactions.executeWithoutResult(tx -> {
            Set<UUID> fresh = inbox.firstDeliveries(ID, received.stream().map(ReceiptEvents.Received::eventId).toList());
            store.write(ReceiptEvents.fold(received.stream().filter(r -> fresh.contains(r.eventId())).toList()));
        }));
    }

    private ReceiptEvents.Received decode(ConsumerRecord<String, byte[]> record) {
        IncomingEvent incoming = IncomingEvent.of(record);
        return new ReceiptEvents.Received(incoming.eventId(), incoming.decode(codec),
                Instant.ofEpochMilli(record.timestamp()));
    }
}
