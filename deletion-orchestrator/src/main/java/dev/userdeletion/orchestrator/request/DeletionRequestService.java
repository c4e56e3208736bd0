package dev.userdeletion.orchestrator.request;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading, listing and cancelling deletion requests. */
@Service
public class DeletionRequestService {

    private static final Logger log = LoggerFactory.getLogger(DeletionRequestService.class);

    private final DeletionRequestRepository requests;
    private final RequestTransitions transitions;
    private final ItemRepository items;
    private final RequestViews views;

    public DeletionRequestService(DeletionRequestRepository requests, RequestTransitions transitions,
                                  ItemRepository items, RequestViews views) {
        this.requests = requests;
        this.transitions = transitions;
        this.items = items;
        this.views = views;
    }

    /** A request and whether this call created it (false: the idempotency key was used before). */
    public record Created(RequestView request, boolean created) {
    }

    /**
     * Creates a DRAFT request with an empty USERS selection. The same {@code idempotencyKey} on the same platform
     * returns the request created first, whoever asks and however often.
     */
    @Transactional
    public Created create(String platformId, String createdBy, String idempotencyKey) {
        Optional<DeletionRequest> inserted = requests.insert(UUID.randomUUID(), platformId, createdBy, idempotencyKey);
        if (inserted.isPresent()) {
            log.info("Deletion request {} created on platform {} by {}", inserted.get().id(), platformId, createdBy);
            return new Created(views.of(inserted.get()), true);
        }
        // ON CONFLICT DO NOTHING waited for a concurrent insert of the same key to commit, so the row is visible
        DeletionRequest existing = requests.findByIdempotencyKey(platformId, idempotencyKey)
                .orElseThrow(() -> new IllegalStateException("Idempotency key conflict without a request"));
        return new Created(views.of(existing), false);
    }

    @Transactional(readOnly = true)
    public RequestView get(String platformId, UUID requestId) {
        return views.of(requests.require(platformId, requestId));
    }

    @Transactional(readOnly = true)
    public List<RequestView> list(String platformId, RequestState state, int limit) {
        return views.summaries(requests.list(platformId, state, limit));
    }

    /**
     * Cancels a DRAFT or REVIEWED request left idle with a FILTER email term ({@link IdleEmailTerms}), which erases
     * the term; false when someone changed it since {@code seen} was read (it is no longer idle). A change committing
     * meanwhile makes the guarded update fail (409 {@code concurrent-change}): the admin's write wins.
     */
    @Transactional
    public boolean cancelIdle(DeletionRequest seen) {
        DeletionRequest request = requests.require(seen.platformId(), seen.id());
        if (request.version() != seen.version()) {
            return false;
        }
        transitions.cancelled(request);
        items.deleteAll(request.id());
        log.info("Deletion request {} on platform {} cancelled: left idle with a typed filter term, now erased",
                request.id(), request.platformId());
        return true;
    }

    /** DRAFT or REVIEWED → CANCELLED (the frozen items are dropped); {@code ifMatch} as for the other writes. */
    @Transactional
    public RequestView cancel(String platformId, UUID requestId, String ifMatch, String cancelledBy) {
        DeletionRequest request = requests.require(platformId, requestId);
        EntityTags.check(ifMatch, request.version());
        transitions.cancelled(request);
        items.deleteAll(requestId);
        log.info("Deletion request {} on platform {} cancelled by {}", requestId, platformId, cancelledBy);
        return views.of(requests.require(platformId, requestId));
    }
}
