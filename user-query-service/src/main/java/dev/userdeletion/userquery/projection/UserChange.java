package dev.userdeletion.userquery.projection;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.contracts.UserStateFold;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of {@code membership.user-state}: the full state of a user, or ({@code state == null}) a
 * tombstone saying the user was deleted.
 */
record UserChange(UUID eventId, UUID userId, UserState state) implements UserStateFold.Version {

    /** Reads a record; one that breaks the contract raises {@link InvalidEventException} (dead-letter topic). */
    static UserChange of(ConsumerRecord<String, byte[]> record, EventCodec codec) {
        IncomingEvent event = IncomingEvent.of(record);
        if (!EventType.USER_STATE.wireName().equals(event.type())) {
            throw new InvalidEventException("Expected UserState on " + record.topic() + " but got " + event.type());
        }
        UUID key = userIdKey(record.key());
        if (event.isTombstone()) {
            return new UserChange(event.eventId(), key, null);
        }
        UserState state = event.decode(codec, UserState.class);
        if (!state.userId().equals(key)) {
            throw new InvalidEventException("UserState of user " + state.userId() + " under key " + key);
        }
        return new UserChange(event.eventId(), key, state);
    }

    private static UUID userIdKey(String key) {
        if (key == null) {
            throw new InvalidEventException("UserState record without a key (the user id)");
        }
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("UserState key is not a user id", e);
        }
    }

    @Override
    public boolean isTombstone() {
        return state == null;
    }

    @Override
    public long revision() {
        return state == null ? Long.MAX_VALUE : state.revision();
    }
}
