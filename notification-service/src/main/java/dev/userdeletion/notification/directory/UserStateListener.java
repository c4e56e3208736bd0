package dev.userdeletion.notification.directory;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.contracts.UserState.Membership;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the directory from {@code membership.user-state}: a UserState replaces an older revision, a
 * tombstone erases the user; a UserState whose email is not a plain address goes to the dead-letter topic. Each record is applied once (inbox) together with what the observers
 * (follow-up resolution) do about it. A poll is applied in one transaction, in user id order (stable, so
 * one user's records keep their order), the order in which case opening locks contacts, so the two cannot
 * deadlock; a backlog of a million states then costs a transaction per poll, not per record. If the batch
 * fails, its records are applied one by one, each in its own transaction, and the one at fault is pinned
 * with {@link BatchListenerFailedException}: the records before it stay applied, it goes to
 * {@code membership.user-state-dlt} after retries, the records after it are read again.
 */
@Component
class UserStateListener {

    static final String CONSUMER = "notification-directory";
    private static final Logger log = LoggerFactory.getLogger(UserStateListener.class);

    private final ContactDirectory directory;
    private final Inbox inbox;
    private final EventCodec codec;
    private final List<ContactObserver> observers;
    private final TransactionTemplate transactions;

    UserStateListener(ContactDirectory directory, Inbox inbox, EventCodec codec, List<ContactObserver> observers,
                      TransactionTemplate transactions) {
        this.directory = directory;
        this.inbox = inbox;
        this.codec = codec;
        this.observers = observers;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.USER_STATE, groupId = CONSUMER, batch = "true")
    public void on(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> byUser = records.stream()
                .sorted(Comparator.comparing(r -> r.key() == null ? "" : r.key())).toList();
        try {
            transactions.executeWithoutResult(tx -> byUser.forEach(this::apply));
        } catch (RuntimeException batchFailure) {
            log.warn("A batch of {} user states failed; applying them one by one", records.size(), batchFailure);
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                try {
                    transactions.executeWithoutResult(tx -> apply(record));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("User state record " + record.topic() + "-"
                            + record.partition() + "@" + record.offset() + " failed", e, i);
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.of(record);
        if (event.isTombstone()) {
            UUID userId = userIdOf(event.key());
            if (inbox.firstDelivery(CONSUMER, event.eventId())) {
                directory.erase(userId);
                observers.forEach(o -> o.contactErased(userId));
                log.debug("User {} erased from the directory", userId);
            }
            return;
        }
        UserState state = event.decode(codec, UserState.class);
        String email = plainEmail(state);
        if (!inbox.firstDelivery(CONSUMER, event.eventId())) {
            log.debug("UserState event {} already applied", event.eventId());
            return;
        }
        if (directory.apply(state, email)) {
            Set<String> platforms = state.memberships().stream().map(Membership::platformId).collect(Collectors.toSet());
            observers.forEach(o -> o.contactChanged(state.userId(), email, platforms));
        } else {
            log.debug("UserState of user {} revision {} is stale or the user was erased; ignored", state.userId(),
                    state.revision());
        }
    }

    /**
     * The user's email, normalised by the product's one rule for addresses ({@link Inputs#email}). It goes into
     * mails and the CSM's CSV, so anything else (a CR/LF or other control character above all) breaks the
     * contract: the record goes to the dead-letter topic and the directory keeps what it had. The exception
     * says what is wrong, never the value.
     */
    private static String plainEmail(UserState state) {
        try {
            return Inputs.email(state.email());
        } catch (ApiProblem e) {
            throw new InvalidEventException("UserState of user " + state.userId() + ": " + e.getMessage());
        }
    }

    private static UUID userIdOf(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("A user-state tombstone needs a user id as its key", e);
        }
    }
}
