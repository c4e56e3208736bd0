package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.UserDeletionRejected;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.notification.Timestamps;
import dev.userdeletion.notification.adminfeed.AdminFeed;
import dev.userdeletion.notification.adminfeed.NotificationType;
import dev.userdeletion.notification.directory.Contact;
import dev.userdeletion.notification.directory.ContactDirectory;
import dev.userdeletion.notification.directory.ContactObserver;
import dev.userdeletion.notification.followup.FollowUpRepository.CaseRow;
import dev.userdeletion.notification.followup.FollowUpRepository.NewItem;
import dev.userdeletion.notification.followup.FollowUpRepository.OpenItem;
import dev.userdeletion.notification.followup.FollowUpRepository.Rejection;
import dev.userdeletion.notification.followup.FollowUpRepository.RequestRow;
import dev.userdeletion.notification.mail.MailQueue;
import dev.userdeletion.notification.mail.RecipientKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns rejections into CSM follow-up cases and resolves them as users leave the platform.
 *
 * <p>Opening rule: rejections ({@code deletion.outcomes}) and the request's {@code DeletionCompleted}
 * ({@code deletion.requests}) arrive in any order. Each is stored under the lock of the request's row; the
 * one that finds the request completed and as many distinct rejections collected as it announced opens the
 * case (or, with none, only tells the admin) in the same transaction, and marks the request handled so
 * nothing opens twice. Every effect — case, items, events, mails, notifications — commits together or not.
 *
 * <p>Resolution: the directory tells this service of every newer UserState and every tombstone, in the
 * transaction that applies it. An OPEN item whose user is no longer on the case's platform (or no longer
 * exists) resolves; the last one closes the case. Opening a case locks the directory rows of its users, so a
 * UserState applied concurrently either is seen by the opening (the item starts RESOLVED) or sees the new
 * items (and resolves them).
 */
@Service
public class FollowUpService implements ContactObserver {

    static final String OUTCOMES_CONSUMER = "notification-deletion-outcomes";
    static final String REQUESTS_CONSUMER = "notification-deletion-requests";
    private static final Logger log = LoggerFactory.getLogger(FollowUpService.class);

    private final FollowUpRepository repository;
    private final ContactDirectory directory;
    private final Inbox inbox;
    private final OutboxWriter outbox;
    private final MailQueue mails;
    private final AdminFeed adminFeed;
    private final Counter unexpectedRejections;

    FollowUpService(FollowUpRepository repository, ContactDirectory directory, Inbox inbox, OutboxWriter outbox,
                    MailQueue mails, AdminFeed adminFeed, MeterRegistry meters) {
        this.repository = repository;
        this.directory = directory;
        this.inbox = inbox;
        this.outbox = outbox;
        this.mails = mails;
        this.adminFeed = adminFeed;
        this.unexpectedRejections = Counter.builder("notification.rejections.unexpected")
                .description("Rejections that arrived after their request's outcome was handled (kept, not mailed)")
                .register(meters);
        Gauge.builder("notification.requests.awaiting.rejections", repository, r -> {
            try {
                return r.requestsAwaitingRejections();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Completed deletion requests still waiting for some of their rejections").register(meters);
    }

    @Transactional
    public void onRejection(UUID eventId, UserDeletionRejected rejection) {
        if (!inbox.firstDelivery(OUTCOMES_CONSUMER, eventId)) {
            log.debug("Rejection event {} already applied", eventId);
            return;
        }
        RequestRow request = repository.lockRequest(rejection.requestId(), rejection.platformId());
        requireSamePlatform(request, rejection.platformId());
        Optional<RequestRow> collected = repository.addRejection(request, rejection, Timestamps.now());
        if (collected.isEmpty()) {
            log.info("Rejection of user {} in request {} was collected already (event {})", rejection.userId(),
                    rejection.requestId(), eventId);
            return;
        }
        request = collected.get();
        if (request.handled()) {
            unexpectedRejections.increment();
            log.warn("Rejection of user {} in request {} arrived after the request's outcome was handled; kept,"
                    + " not added to a case", rejection.userId(), rejection.requestId());
            return;
        }
        handleIfComplete(request);
    }

    @Transactional
    public void onCompletion(UUID eventId, DeletionCompleted completed) {
        if (!inbox.firstDelivery(REQUESTS_CONSUMER, eventId)) {
            log.debug("DeletionCompleted event {} already applied", eventId);
            return;
        }
        RequestRow request = repository.lockRequest(completed.requestId(), completed.platformId());
        requireSamePlatform(request, completed.platformId());
        if (request.completed()) {
            log.info("Request {} was completed already (event {})", completed.requestId(), eventId);
            return;
        }
        handleIfComplete(repository.complete(request, completed));
    }

    /** Opens the case (or tells the admin there is none) once the request is complete and every rejection is in. */
    private void handleIfComplete(RequestRow request) {
        if (!request.completed() || request.handled()) {
            return;
        }
        if (request.collected() < request.rejected()) {
            log.info("Request {} has {} of {} rejections; the case opens when all are in", request.requestId(),
                    request.collected(), request.rejected());
            return;
        }
        List<Rejection> rejections = repository.rejections(request.requestId());
        Instant now = Timestamps.now();
        repository.markHandled(request.requestId(), now);
        if (rejections.isEmpty()) {
            tellCompleted(request, null, 0);
            log.info("Request {} of platform {} completed without rejections", request.requestId(),
                    request.platformId());
            return;
        }
        openCase(request, rejections, now);
    }

    private void openCase(RequestRow request, List<Rejection> rejections, Instant now) {
        UUID caseId = UUID.randomUUID();
        String platformId = request.platformId();
        Map<UUID, Contact> contacts = directory.lockAll(rejections.stream().map(Rejection::userId).toList());
        repository.insertCase(caseId, platformId, request.requestId(), now);

        List<Event> events = new ArrayList<>();
        events.add(new FollowUpOpened(caseId, platformId, request.requestId(), rejections.size(), now));
        List<String> toRemove = new ArrayList<>();
        int remaining = rejections.size();
        for (Rejection rejection : rejections) {
            Contact contact = contacts.get(rejection.userId());
            String email = contact == null || contact.erased() ? null : contact.email();
            // the user may have left the platform before the case opened: the item starts resolved
            boolean gone = contact != null && contact.knownNotOn(platformId);
            repository.insertItem(caseId, new NewItem(rejection.userId(), email, rejection.reason(),
                    gone ? ItemState.RESOLVED : ItemState.OPEN), now);
            if (gone) {
                remaining--;
                events.add(new FollowUpItemResolved(caseId, platformId, request.requestId(), rejection.userId(),
                        remaining, now));
            } else {
                toRemove.add(email != null ? email : Messages.unknownEmail(rejection.userId()));
            }
        }
        outbox.publishAll(events);
        if (!toRemove.isEmpty()) {
            toRemove.sort(null);
            mails.enqueue("FOLLOW_UP_OPENED:" + caseId + ":" + RecipientKind.CSM, RecipientKind.CSM, platformId,
                    Messages.csmSubject(platformId, request.requestId(), toRemove.size()),
                    Messages.csmBody(platformId, request.requestId(), caseId, toRemove,
                            rejections.size() - toRemove.size()));
        }
        tellCompleted(request, caseId, rejections.size());
        log.info("Follow-up case {} opened for request {} of platform {}: {} users, {} already off the platform",
                caseId, request.requestId(), platformId, rejections.size(), rejections.size() - remaining);
        if (remaining == 0) {
            close(new CaseRow(caseId, platformId, request.requestId(), CaseState.OPEN), rejections.size(), now);
        }
    }

    private void tellCompleted(RequestRow request, UUID caseId, int passedToCsm) {
        int deleted = request.deleted() == null ? 0 : request.deleted();
        int alreadyGone = request.alreadyGone() == null ? 0 : request.alreadyGone();
        adminFeed.tell(request.platformId(), NotificationType.DELETION_COMPLETED, request.requestId(), caseId,
                Messages.completed(deleted, passedToCsm), Messages.completedSubject(request.requestId()),
                Messages.completedBody(request.platformId(), request.requestId(), deleted, passedToCsm, alreadyGone));
    }

    @Override
    public void contactsChanged(Collection<ContactDirectory.Change> changes) {
        repository.fillMissingEmails(changes);
        Map<UUID, Set<String>> platformsOf = new HashMap<>();
        changes.forEach(c -> platformsOf.put(c.userId(), c.platforms()));
        for (OpenItem item : repository.lockOpenItemsOf(platformsOf.keySet())) {
            if (!platformsOf.get(item.userId()).contains(item.platformId())) {
                resolve(item);
            }
        }
    }

    @Override
    public void contactsErased(Collection<UUID> userIds) {
        repository.eraseEmails(userIds);
        for (OpenItem item : repository.lockOpenItemsOf(userIds)) {
            resolve(item);
        }
    }

    private void resolve(OpenItem item) {
        Instant now = Timestamps.now();
        repository.resolveItem(item, now);
        CaseRow followUp = repository.lockCase(item.caseId());
        int remaining = repository.countItems(item.caseId(), ItemState.OPEN);
        outbox.publish(new FollowUpItemResolved(item.caseId(), item.platformId(), item.requestId(), item.userId(),
                remaining, now));
        log.info("User {} resolved in follow-up case {} ({} open)", item.userId(), item.caseId(), remaining);
        if (remaining == 0 && followUp.state() == CaseState.OPEN) {
            close(followUp, repository.countItems(item.caseId()), now);
        }
    }

    private void close(CaseRow followUp, int itemCount, Instant now) {
        repository.closeCase(followUp.caseId(), now);
        outbox.publish(new FollowUpClosed(followUp.caseId(), followUp.platformId(), followUp.requestId(), itemCount,
                now));
        adminFeed.tell(followUp.platformId(), NotificationType.FOLLOW_UP_CLOSED, followUp.requestId(),
                followUp.caseId(), Messages.closed(itemCount), Messages.closedSubject(followUp.requestId()),
                Messages.closedBody(followUp.platformId(), followUp.requestId(), itemCount));
        log.info("Follow-up case {} of request {} closed", followUp.caseId(), followUp.requestId());
    }

    private static void requireSamePlatform(RequestRow request, String platformId) {
        if (!request.platformId().equals(platformId)) {
            throw new InvalidEventException("Request " + request.requestId() + " belongs to another platform");
        }
    }
}
