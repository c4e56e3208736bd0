package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads deletion outcomes and request lifecycle events. Every record is decoded strictly (a broken one goes
 * to the dead-letter topic); only rejections and completions change anything here.
 */
@Component
class DeletionEventsListener {

    private final FollowUpService followUps;
    private final EventCodec codec;

    DeletionEventsListener(FollowUpService followUps, EventCodec codec) {
        this.followUps = followUps;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.DELETION_OUTCOMES, groupId = FollowUpService.OUTCOMES_CONSUMER)
    public void onOutcome(ConsumerRecord<String, byte[]> record) {
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
