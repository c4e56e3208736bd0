package dev.userdeletion.userquery.projection;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of {@code membership.user-state}: the full state of a user, or ({@code state == null}) a
 * tombstone saying the user was deleted.
 */
record UserChange(UUID eventId, UUID userId, UserState state) {

    /** Longest email the contract allows. */
    static final int MAX_EMAIL_LENGTH = 254;
    /** Longest {@code changedBy} (a token's {@code sub}) the contract allows. */
    static final int MAX_CHANGED_BY_LENGTH = 100;

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
        checkContract(state);
        return new UserChange(event.eventId(), key, state);
    }

    /** What the JSON schema asks beyond what decoding the record checks. Messages never echo values. */
    private static void checkContract(UserState state) {
        if (state.email().length() > MAX_EMAIL_LENGTH) {
            throw new InvalidEventException("UserState email is longer than " + MAX_EMAIL_LENGTH + " characters");
        }
        // an address never holds one, and CR/LF must not reach the admin UI, a CSV or a mail header from here
        if (state.email().chars().anyMatch(Character::isISOControl)) {
            throw new InvalidEventException("UserState email contains control characters");
        }
        if (state.revision() < 0) {
            throw new InvalidEventException("UserState revision is negative");
        }
        if (state.changedBy() != null && state.changedBy().length() > MAX_CHANGED_BY_LENGTH) {
            throw new InvalidEventException("UserState changedBy is longer than " + MAX_CHANGED_BY_LENGTH + " characters");
        }
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

    boolean isTombstone() {
        return state == null;
    }

    /**
     * Of two changes of the same user, {@code this} read before {@code later}, the one that wins: a
     * tombstone is final (user ids are never reused), otherwise the higher revision.
     */
    UserChange mergeWithLater(UserChange later) {
        if (isTombstone()) {
            return this;
        }
        if (later.isTombstone()) {
            return later;
        }
        return later.state.revision() > state.revision() ? later : this;
    }
}
