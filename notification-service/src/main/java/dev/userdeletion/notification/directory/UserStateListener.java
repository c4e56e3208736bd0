package dev.userdeletion.notification.directory;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.contracts.UserState.Membership;
import dev.userdeletion.contracts.UserStateFold;
import dev.userdeletion.messaging.consumer.BatchConsumer;
import dev.userdeletion.messaging.inbox.IncomingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the directory from {@code membership.user-state}: a UserState replaces an older revision, a tombstone
 * erases the user; a UserState that breaks its contract (an email that is not a plain address among others, checked
 * by the record itself as for every consumer) goes to the dead-letter topic. A poll is applied
 * set-based in one transaction, idempotent by revision (no inbox: a record delivered again is never newer than what
 * is stored, and a tombstone is final): per user only the winning record counts (a tombstone
 * is final, otherwise the highest revision), the directory is written with one statement for the erased users and
 * one for the changed ones (both in user id order, the order in which case opening locks contacts, so the two
 * cannot deadlock), and the observers (follow-up resolution) are told once per poll. A backlog of a million states
 * then costs a handful of statements per poll, not four per record. Failures are handled by {@link BatchConsumer}
 * (the infrastructure's are retried in order; a record bad in itself goes to {@code membership.user-state-dlt}).
 */
@Component
class UserStateListener {

    static final String CONSUMER = "notification-directory";
    private static final Logger log = LoggerFactory.getLogger(UserStateListener.class);

    private final ContactDirectory directory;
    private final EventCodec codec;
    private final List<ContactObserver> observers;
    private final TransactionTemplate transactions;
    private final BatchConsumer batches;

    UserStateListener(ContactDirectory directory, EventCodec codec, List<ContactObserver> observers,
                      TransactionTemplate transactions, BatchConsumer batches) {
        this.batches = batches;
        this.directory = directory;
        this.codec = codec;
        this.observers = observers;
        this.transactions = transactions;
    }

    /** One record, decoded: a tombstone has no change. */
    private record Received(UUID eventId, UUID userId, ContactDirectory.Change change)
            implements UserStateFold.Version {

        @Override
        public boolean isTombstone() {
            return change == null;
        }

        @Override
        public long revision() {
            return change == null ? Long.MAX_VALUE : change.revision();
        }
    }

    @KafkaListener(id = CONSUMER, topics = Topics.USER_STATE, groupId = CONSUMER, batch = "true")
    public void on(List<ConsumerRecord<String, byte[]>> records) {
        batches.consume(CONSUMER, records, this::decode,
                received -> transactions.executeWithoutResult(tx -> apply(received)));
    }

    private void apply(List<Received> received) {
        Map<UUID, Received> winners = new TreeMap<>();
        for (Received r : received) {
            winners.merge(r.userId(), r, UserStateFold::standing);
        }
        List<UUID> erased = new ArrayList<>();
        List<ContactDirectory.Change> changes = new ArrayList<>();
        for (Received winner : winners.values()) {
            if (winner.isTombstone()) {
                erased.add(winner.userId());
            } else {
                changes.add(winner.change());
            }
        }
        directory.eraseAll(erased);
        Set<UUID> applied = directory.applyAll(changes);
        List<ContactDirectory.Change> appliedChanges = changes.stream().filter(c -> applied.contains(c.userId()))
                .toList();
        if (!erased.isEmpty()) {
            observers.forEach(o -> o.contactsErased(erased));
        }
        if (!appliedChanges.isEmpty()) {
            observers.forEach(o -> o.contactsChanged(appliedChanges));
        }
        log.debug("User states: {} records, {} users erased, {} applied, {} stale or erased before", received.size(),
                erased.size(), appliedChanges.size(), changes.size() - appliedChanges.size());
    }

    private Received decode(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.of(record);
        if (event.isTombstone()) {
            return new Received(event.eventId(), userIdOf(event.key()), null);
        }
        UserState state = event.decode(codec, UserState.class);
        Set<String> platforms = state.memberships().stream().map(Membership::platformId).collect(Collectors.toSet());
        return new Received(event.eventId(), state.userId(),
                new ContactDirectory.Change(state.userId(), state.email(), platforms, state.revision()));
    }

    private static UUID userIdOf(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("A user-state tombstone needs a user id as its key", e);
        }
    }
}
