package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.EntityTags;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestLifecycle;
import dev.userdeletion.orchestrator.request.RequestTransitions;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.request.SelectionMode;
import dev.userdeletion.orchestrator.request.SelectionRepository;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Review: resolves the selection through the user-query-service ({@link SelectionResolver}) and freezes it as items.
 * The HTTP calls run outside any transaction; the freeze then runs in one transaction whose write names the version
 * the review read, so a review that raced with any other write (a selection change, another review) is refused
 * (409 {@code concurrent-change}) and freezes nothing. The review's new version is its identity
 * ({@code reviewVersion}), which the confirmation must name. Each item gets its command id here, so that a repeated
 * confirmation can only ever publish these commands.
 */
@Service
public class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);
    /** At most this many unknown ids are kept to show; the count is always exact. */
    static final int UNKNOWN_SAMPLE = 1000;

    private final DeletionRequestRepository requests;
    private final RequestTransitions transitions;
    private final SelectionRepository selections;
    private final ItemRepository items;
    private final SelectionResolver resolver;
    private final RequestViews views;
    private final TransactionTemplate transactions;
    private final int batchSize;

    public ReviewService(DeletionRequestRepository requests, RequestTransitions transitions,
                         SelectionRepository selections, ItemRepository items, SelectionResolver resolver,
                         RequestViews views, TransactionTemplate transactions, OrchestratorProperties properties) {
        this.requests = requests;
        this.transitions = transitions;
        this.selections = selections;
        this.items = items;
        this.resolver = resolver;
        this.views = views;
        this.transactions = transactions;
        this.batchSize = properties.batchSize();
    }

    private record Snapshot(DeletionRequest request, List<UUID> ids) {
    }

    public RequestView review(String platformId, UUID requestId, String ifMatch) {
        long started = System.nanoTime();
        Snapshot snapshot = transactions.execute(tx -> {
            DeletionRequest request = requests.require(platformId, requestId);
            EntityTags.check(ifMatch, request.version());
            RequestLifecycle.next(request.state(), Action.REVIEW);
            return new Snapshot(request, selections.ids(requestId));
        });
        DeletionRequest request = snapshot.request();
        if (request.mode() == SelectionMode.USERS && snapshot.ids().isEmpty()) {
            throw Problems.unprocessable("empty-selection", "Nothing to review",
                    "The selection is empty: add users (PATCH .../selection {add: [...]}) or choose a FILTER or"
                            + " ALL_USERS selection, then review again");
        }
        SelectionResolver.Resolution resolution = resolver.resolve(request, snapshot.ids());
        long resolved = System.nanoTime();
        RequestView view = transactions.execute(tx -> {
            // refused (409 concurrent-change) if anything changed the request since it was read above
            transitions.reviewed(request, resolution.items().size(), resolution.predictedRejections(),
                    resolution.unknown(), UNKNOWN_SAMPLE);
            items.deleteAll(requestId);
            items.insert(requestId, resolution.items(), batchSize);
            return views.of(requests.require(platformId, requestId));
        });
        long finished = System.nanoTime();
        log.info("Deletion request {} on platform {} reviewed: {} users, {} predicted rejections, {} selected ids"
                        + " not kept, in {} ms ({} ms resolving the selection, {} ms freezing the items)", requestId,
                platformId, resolution.items().size(), resolution.predictedRejections(), resolution.unknown().size(),
                (finished - started) / 1_000_000, (resolved - started) / 1_000_000, (finished - resolved) / 1_000_000);
        return view;
    }
}
