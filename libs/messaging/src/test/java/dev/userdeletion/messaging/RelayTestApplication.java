package dev.userdeletion.messaging;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A minimal service using the library the way the real services do. */
@SpringBootApplication
class RelayTestApplication {

    /** Applies outcome events once each, through the inbox. */
    @Component
    static class InboxConsumer {
        private final Inbox inbox;
        private final EventCodec codec;
        private final JdbcTemplate jdbc;

        InboxConsumer(Inbox inbox, EventCodec codec, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.codec = codec;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = Topics.DELETION_OUTCOMES, groupId = "messaging-test-inbox")
        @Transactional
        public void on(ConsumerRecord<String, byte[]> record) {
            IncomingEvent event = IncomingEvent.of(record);
            UserAlreadyGone gone = event.decode(codec, UserAlreadyGone.class);
            if (inbox.firstDelivery("messaging-test", event.eventId())) {
                jdbc.update("INSERT INTO applied_event (event_id, user_id) VALUES (?, ?)", event.eventId(), gone.userId());
            }
        }
    }
}
