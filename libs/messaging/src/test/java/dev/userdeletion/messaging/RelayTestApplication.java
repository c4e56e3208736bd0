package dev.userdeletion.messaging;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.List;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A minimal service using the library the way the real services do. */
@SpringBootApplication
class RelayTestApplication {

    /** Applies outcome events once each, through the inbox, a poll per transaction. */
    @Component
    static class InboxConsumer {
        static final String LISTENER = "messaging-test-inbox";

        private final BatchConsumer batches;
        private final Inbox inbox;
        private final EventCodec codec;
        private final JdbcTemplate jdbc;
        private final TransactionTemplate transactions;
        private final Tracer tracer;
        /** The trace each event was applied in, by event id. */
        static final Map<UUID, String> TRACE_OF_EVENT = new ConcurrentHashMap<>();

        InboxConsumer(BatchConsumer batches, Inbox inbox, EventCodec codec, JdbcTemplate jdbc,
                      TransactionTemplate transactions, Tracer tracer) {
            this.tracer = tracer;
            this.batches = batches;
            this.inbox = inbox;
            this.codec = codec;
            this.jdbc = jdbc;
            this.transactions = transactions;
        }

        private record Received(UUID eventId, DeletionOutcome event) {
        }

        @KafkaListener(id = LISTENER, topics = Topics.DELETION_OUTCOMES, groupId = LISTENER, batch = "true")
        public void on(List<ConsumerRecord<String, byte[]>> records) {
            batches.consume(LISTENER, records, record -> {
                IncomingEvent event = IncomingEvent.of(record);
                return new Received(event.eventId(), event.decode(codec, DeletionOutcome.class));
            }, received -> transactions.executeWithoutResult(tx -> received.forEach(r -> {
                if (tracer.currentSpan() != null) {
                    TRACE_OF_EVENT.put(r.eventId(), tracer.currentSpan().context().traceId());
                }
                if (inbox.firstDelivery("messaging-test", r.eventId())) {
                    jdbc.update("INSERT INTO applied_event (event_id, user_id) VALUES (?, ?)", r.eventId(),
                            r.event().requestId());
                }
            })));
        }
    }
}
