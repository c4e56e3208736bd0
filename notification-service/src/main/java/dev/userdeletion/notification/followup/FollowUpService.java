package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.FollowUpClosed;
import dev.userdeletion.contracts.FollowUpItemAdded;
import dev.userdeletion.contracts.FollowUpItemResolved;
import dev.userdeletion.contracts.FollowUpOpened;
import dev.userdeletion.contracts.InvalidEventException;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.notification.Timestamps;
import dev.userdeletion.notification.adminfeed.AdminFeed;
import dev.userdeletion.notification.adminfeed.NotificationType;
import dev.userdeletion.notification.directory.Contact;
import dev.userdeletion.notification.directory.ContactDirectory;
import dev.userdeletion.notification.directory.ContactObserver;
import dev.userdeletion.notification.followup.FollowUpRepository.AddedItem;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns rejections into CSM follow-up cases and resolves them as users leave the platform.
 *
 * <p>Opening rule: rejections ({@code deletion.outcomes}) and the request's {@code DeletionCompleted}
 * ({@code deletion.requests}) arrive in any order. Each is stored under the lock of the request's row; the
 * one that finds the request completed and as many distinct rejections collected as it announced opens the
 * case (or, with none, only tells the admin) in the same transaction, and marks the request handled so
 * nothing opens twice. Every effect — case, items, events, mails, notifications — commits together or not.
 * A request still missing some of its rejections {@code notification.follow-up.rejection-wait} after its
 * completion arrived is handled anyway by the scheduled check ({@link FollowUpChecks}), with the rejections known.
 *
 * <p>Late rejections: a rejection that arrives after its request was handled is added to the request's case (an
 * OPEN item, or RESOLVED if the user already left the platform; a CLOSED case with a new open item is reopened),
 * or opens a case if the request was handled without one. The CSM is mailed about added items by the scheduled
 * check, one mail per case for the items added since the last run, so a burst of late rejections is one mail.
 *
 * <p>Resolution: the directory tells this service of every newer UserState and every tombstone, in the
 * transaction that applies it. An OPEN item whose user is no longer on the case's platform (or no longer
 * exists) resolves; the last one closes the case. Opening a case locks the directory rows of its users, so a
 * UserState applied concurrently either is seen by the opening (the item starts RESOLVED) or sees the new
 * items (and resolves them); adding a late item does the same.
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
    private final Counter lateRejections;
    private final Counter handledIncomplete;

    FollowUpService(FollowUpRepository repository, ContactDirectory directory, Inbox inbox, OutboxWriter outbox,
                    MailQueue mails, AdminFeed adminFeed, MeterRegistry meters) {
        this.repository = repository;
        this.directory = directory;
        this.inbox = inbox;
        this.outbox = outbox;
        this.mails = mails;
        this.adminFeed = adminFeed;
        this.lateRejections = Counter.builder("notification.rejections.late")
                .description("Rejections that arrived after their request was handled; added to its case")
                .register(meters);
        this.handledIncomplete = Counter.builder("notification.requests.handled.incomplete")
                .description("Requests handled after the rejection wait with some announced rejections still missing")
                .register(meters);
        Gauge.builder("notification.requests.awaiting.rejections", repository, r -> {
            try {
                return r.requestsAwaitingRejections();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Completed deletion requests still waiting for some of their rejections").register(meters);
    }

    /**
     * The rejections of one outcome event (a chunk's, or a version 1 per-user one), applied together: one inbox row,
     * one lock of the request, one insert of the rejections not collected yet.
     */
    @Transactional
    public void onRejections(UUID eventId, UUID requestId, String platformId, List<Rejection> rejections) {
        if (!inbox.firstDelivery(OUTCOMES_CONSUMER, eventId)) {
            log.debug("Outcome event {} already applied", eventId);
            return;
        }
        RequestRow request = repository.lockRequest(requestId, platformId);
        requireSamePlatform(request, platformId);
        FollowUpRepository.Collected collected = repository.addRejections(request, rejections, Timestamps.now());
        if (collected.added().size() < rejections.size()) {
            log.info("{} of the {} rejections of event {} in request {} were collected already",
                    rejections.size() - collected.added().size(), rejections.size(), eventId, requestId);
        }
        if (collected.added().isEmpty()) {
            return;
        }
        request = collected.request();
        if (request.handled()) {
            for (Rejection rejection : collected.added()) {
                addLate(request, rejection);
            }
            return;
        }
        handle(request, false);
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
        handle(repository.complete(request, completed, Timestamps.now()), false);
    }

    /** Completed requests not handled yet whose completion arrived at or before {@code cutoff}, oldest first. */
    @Transactional(readOnly = true)
    public List<UUID> overdueRequests(Instant cutoff, int limit) {
        return repository.overdueRequests(cutoff, limit);
    }

    /**
     * Handles a request that has waited long enough for its missing rejections: its case opens with the rejections
     * known (or only the admin is told if none is). False if the request was handled meanwhile or is held by another
     * transaction (another instance, or an event being applied to it).
     */
    @Transactional
    public boolean handleOverdue(UUID requestId, Instant cutoff) {
        Optional<RequestRow> overdue = repository.lockOverdueRequest(requestId, cutoff);
        if (overdue.isEmpty()) {
            return false;
        }
        RequestRow request = overdue.get();
        afterCommit(handledIncomplete::increment);
        log.warn("Request {} of platform {} still has {} of the {} rejections it announced after the rejection wait;"
                + " handling it with those known", request.requestId(), request.platformId(), request.collected(),
                request.rejected());
        handle(request, true);
        return true;
    }

    /**
     * Opens the case (or tells the admin there is none) once the request is complete and every rejection is in, or
     * with the rejections known when {@code stopWaiting}.
     */
    private void handle(RequestRow request, boolean stopWaiting) {
        if (!request.completed() || request.handled()) {
            return;
        }
        if (request.collected() < request.rejected() && !stopWaiting) {
            log.info("Request {} has {} of {} rejections; the case opens when all are in or after the rejection wait",
                    request.requestId(), request.collected(), request.rejected());
            return;
        }
        List<Rejection> forCsm = repository.rejections(request.requestId()).stream()
                .filter(FollowUpService::forCsm).toList();
        Instant now = Timestamps.now();
        repository.markHandled(request.requestId(), now);
        if (forCsm.isEmpty()) {
            tellCompleted(request, null);
            log.info("Request {} of platform {} completed without rejections for Customer Success{}",
                    request.requestId(), request.platformId(), request.forCsm() > 0 ? " received" : "");
            return;
        }
        openCase(request, forCsm, now, true);
    }

    /**
     * Whether the CSM has something to do for this rejection: a user who was no longer a member of the platform
     * ({@code NOT_A_MEMBER}) has nothing left to remove from it; any other reason is a membership only a person can
     * remove.
     */
    private static boolean forCsm(Rejection rejection) {
        return rejection.reason() != RejectionReason.NOT_A_MEMBER;
    }

    /** A rejection that arrived after its request was handled joins the request's case, or opens one. */
    private void addLate(RequestRow request, Rejection rejection) {
        afterCommit(lateRejections::increment);
        if (!forCsm(rejection)) {
            log.info("Rejection of user {} in request {} arrived after the request was handled: no longer a member of"
                    + " platform {}, nothing for Customer Success", rejection.userId(), request.requestId(),
                    request.platformId());
            return;
        }
        Instant now = Timestamps.now();
        // the directory row before the case, in the order a directory change takes them (no deadlock)
        Contact contact = directory.lockAll(List.of(rejection.userId())).get(rejection.userId());
        Optional<CaseRow> existing = repository.lockCaseOf(request.requestId());
        if (existing.isEmpty()) {
            log.warn("Rejection of user {} in request {} arrived after the request was handled without a case;"
                    + " a case opens for it", rejection.userId(), request.requestId());
            openCase(request, List.of(rejection), now, false);
            return;
        }
        CaseRow followUp = existing.get();
        String email = contact == null || contact.erased() ? null : contact.email();
        boolean gone = contact != null && contact.knownNotOn(followUp.platformId());
        // the CSM is told about an open item by the scheduled check, with the other items added meanwhile
        repository.insertItem(followUp.caseId(), new NewItem(rejection.userId(), email, rejection.reason(),
                gone ? ItemState.RESOLVED : ItemState.OPEN), now, !gone);
        boolean reopened = !gone && followUp.state() == CaseState.CLOSED;
        if (reopened) {
            followUp = repository.reopenCase(followUp);
        }
        int remaining = repository.countItems(followUp.caseId(), ItemState.OPEN);
        List<Event> events = new ArrayList<>();
        events.add(new FollowUpItemAdded(followUp.caseId(), followUp.platformId(), followUp.requestId(),
                rejection.userId(), rejection.reason(), remaining, now));
        if (gone) {
            events.add(new FollowUpItemResolved(followUp.caseId(), followUp.platformId(), followUp.requestId(),
                    rejection.userId(), remaining, now));
        }
        outbox.publishAll(events);
        log.warn("Rejection of user {} in request {} arrived after the request was handled; added to follow-up case {}"
                + " ({}, {} open{})", rejection.userId(), request.requestId(), followUp.caseId(),
                gone ? "already off the platform" : "open", remaining, reopened ? ", case reopened" : "");
    }

    /**
     * Mails the CSM about the items added to cases since the last call: one mail per case, listing those still
     * open. Returns how many items were taken (at most {@code limit}).
     */
    @Transactional
    public int tellCsmAboutAddedItems(int limit) {
        List<AddedItem> taken = repository.takeItemsToTell(limit);
        Map<UUID, List<AddedItem>> byCase = new LinkedHashMap<>();
        taken.forEach(item -> byCase.computeIfAbsent(item.caseId(), id -> new ArrayList<>()).add(item));
        byCase.forEach((caseId, items) -> {
            List<String> toRemove = items.stream().filter(i -> i.state() == ItemState.OPEN)
                    .map(i -> i.email() != null ? i.email() : Messages.unknownEmail(i.userId())).sorted().toList();
            if (toRemove.isEmpty()) {
                return;
            }
            AddedItem first = items.stream().min(Comparator.comparing(AddedItem::userId)).orElseThrow();
            int open = repository.countItems(caseId, ItemState.OPEN);
            // an item is taken once, so (case, its smallest user id) names this mail for good
            mails.enqueue("FOLLOW_UP_ITEMS_ADDED:" + caseId + ":" + first.userId() + ":" + RecipientKind.CSM,
                    RecipientKind.CSM, first.platformId(),
                    Messages.csmAddedSubject(first.platformId(), first.requestId(), toRemove.size()),
                    Messages.csmAddedBody(first.platformId(), first.requestId(), caseId, toRemove, open));
            log.info("CSM of platform {} told about {} users added to follow-up case {}", first.platformId(),
                    toRemove.size(), caseId);
        });
        return taken.size();
    }

    /** Opens a case with these rejections; {@code tellAdmin}: also tell the admin the request has completed. */
    private void openCase(RequestRow request, List<Rejection> rejections, Instant now, boolean tellAdmin) {
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
                    gone ? ItemState.RESOLVED : ItemState.OPEN), now, false);
            if (gone) {
                remaining--;
                events.add(new FollowUpItemResolved(caseId, platformId, request.requestId(), rejection.userId(),
                        remaining, now));
            } else {
                toRemove.add(email != null ? email : Messages.unknownEmail(rejection.userId()));
            }
        }
        outbox.publishAll(events);
        // the request's rejections for the CSM not in this mail (every one collected before is): each joins the
        // case when it arrives and is mailed then
        int missing = Math.max(0, request.forCsm() - rejections.size());
        if (!toRemove.isEmpty()) {
            toRemove.sort(null);
            mails.enqueue("FOLLOW_UP_OPENED:" + caseId + ":" + RecipientKind.CSM, RecipientKind.CSM, platformId,
                    Messages.csmSubject(platformId, request.requestId(), toRemove.size()),
                    Messages.csmBody(platformId, request.requestId(), caseId, toRemove,
                            rejections.size() - toRemove.size(), missing));
        }
        if (tellAdmin) {
            tellCompleted(request, caseId);
        }
        log.info("Follow-up case {} opened for request {} of platform {}: {} users, {} already off the platform,"
                        + " {} rejections not received yet", caseId, request.requestId(), platformId, rejections.size(),
                rejections.size() - remaining, missing);
        if (remaining == 0) {
            close(new CaseRow(caseId, platformId, request.requestId(), CaseState.OPEN, 0), rejections.size(), now);
        }
    }

    /**
     * Tells the admin the counts the request announced: its rejected users other than those no longer members are
     * the CSM's, known here yet or not.
     */
    private void tellCompleted(RequestRow request, UUID caseId) {
        int passedToCsm = request.forCsm();
        int notMembers = request.notAMember() == null ? 0 : request.notAMember();
        int deleted = request.deleted() == null ? 0 : request.deleted();
        int alreadyGone = request.alreadyGone() == null ? 0 : request.alreadyGone();
        adminFeed.tell(request.platformId(), NotificationType.DELETION_COMPLETED, request.requestId(), caseId,
                Messages.completed(deleted, passedToCsm, notMembers), Messages.completedSubject(request.requestId()),
                Messages.completedBody(request.platformId(), request.requestId(), deleted, passedToCsm, notMembers,
                        alreadyGone));
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
        // the CSM mails not sent yet list the case's users by email, one per line
        Map<String, String> deletedLines = new HashMap<>();
        repository.emailsOf(userIds).forEach((userId, email) -> deletedLines.put(email, Messages.deletedSince(userId)));
        mails.replacePendingLines(deletedLines);
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
        // a case reopened by a late rejection closes in a new round: the admin is told again
        adminFeed.tell(followUp.platformId(), NotificationType.FOLLOW_UP_CLOSED, followUp.requestId(),
                followUp.reopened(), followUp.caseId(), Messages.closed(itemCount), Messages.closedSubject(followUp.requestId()),
                Messages.closedBody(followUp.platformId(), followUp.requestId(), itemCount));
        log.info("Follow-up case {} of request {} closed", followUp.caseId(), followUp.requestId());
    }

    /** Counts only what commits: a poll that fails is applied again record by record. */
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static void requireSamePlatform(RequestRow request, String platformId) {
        if (!request.platformId().equals(platformId)) {
            throw new InvalidEventException("Request " + request.requestId() + " belongs to another platform");
        }
    }
}
