package dev.userdeletion.orchestrator.request;

import dev.userdeletion.orchestrator.review.ItemRepository;
import dev.userdeletion.web.ApiProblem;
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
    private final ItemRepository items;
    private final RequestViews views;

    public DeletionRequestService(DeletionRequestRepository requests, ItemRepository items, RequestViews views) {
        this.requests = requests;
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
        return views.of(require(platformId, requestId));
    }

    @Transactional(readOnly = true)
    public List<RequestView> list(String platformId, RequestState state, int limit) {
        return views.of(requests.list(platformId, state, limit));
    }

    /** DRAFT or REVIEWED → CANCELLED (the frozen items are dropped); any other state is a conflict. */
    @Transactional
    public RequestView cancel(String platformId, UUID requestId, String cancelledBy) {
        DeletionRequest request = requests.lock(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId));
        if (request.state() == RequestState.CANCELLED) {
            throw Problems.notEditable(RequestState.CANCELLED, "cancelling");
        }
        if (!request.state().isEditable()) {
            throw ApiProblem.conflict("request-not-cancellable", "The request is " + request.state()
                    + "; only a DRAFT or REVIEWED request can be cancelled");
        }
        items.deleteAll(requestId);
        requests.cancel(requestId);
        log.info("Deletion request {} on platform {} cancelled by {}", requestId, platformId, cancelledBy);
        return views.of(require(platformId, requestId));
    }

    public DeletionRequest require(String platformId, UUID requestId) {
        return requests.find(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId));
    }
}
