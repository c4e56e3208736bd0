package dev.userdeletion.orchestrator.selection;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.EntityTags;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestTransitions;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.request.SelectionMode;
import dev.userdeletion.orchestrator.request.SelectionRepository;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes of a request's selection. Each one names the version it read ({@code If-Match}, or implicitly the one read
 * at its start): a change that lost a race with another write gets 412 / 409 and changes nothing. A REVIEWED request
 * goes back to DRAFT and its frozen items are dropped, so a changed selection must be reviewed again.
 */
@Service
public class SelectionService {

    private static final Logger log = LoggerFactory.getLogger(SelectionService.class);

    private final DeletionRequestRepository requests;
    private final RequestTransitions transitions;
    private final SelectionRepository selections;
    private final ItemRepository items;
    private final RequestViews views;
    private final OrchestratorProperties.Selection limits;

    public SelectionService(DeletionRequestRepository requests, RequestTransitions transitions,
                            SelectionRepository selections, ItemRepository items, RequestViews views,
                            OrchestratorProperties properties) {
        this.requests = requests;
        this.transitions = transitions;
        this.selections = selections;
        this.items = items;
        this.views = views;
        this.limits = properties.selection();
    }

    /** PUT: replaces the whole selection (mode, filter and ids). */
    @Transactional
    public RequestView replace(String platformId, UUID requestId, String ifMatch, SelectionBody body) {
        SelectionInput.Selection selection = SelectionInput.of(body, limits.maxIdsPerCall());
        DeletionRequest request = requests.require(platformId, requestId);
        EntityTags.check(ifMatch, request.version());
        transitions.selectionReplaced(request, selection.mode(), selection.filter());
        dropReview(request);
        selections.clear(requestId);
        selections.add(requestId, selection.ids());
        checkSize(requestId);
        log.info("Deletion request {} selection set: mode {}, {} ids", requestId, selection.mode(),
                selection.ids().size());
        return views.of(requests.require(platformId, requestId));
    }

    /**
     * PATCH: ticks ({@code add}) and unticks ({@code remove}) users. USERS mode: the selected ids; FILTER and
     * ALL_USERS mode: unticking excludes a user, ticking removes the exclusion.
     */
    @Transactional
    public RequestView patch(String platformId, UUID requestId, String ifMatch, SelectionPatch patch) {
        List<Set<UUID>> change = SelectionInput.patch(patch, limits.maxIdsPerCall());
        Set<UUID> add = change.get(0);
        Set<UUID> remove = change.get(1);
        DeletionRequest request = requests.require(platformId, requestId);
        EntityTags.check(ifMatch, request.version());
        transitions.selectionChanged(request);
        dropReview(request);
        if (request.mode() == SelectionMode.USERS) {
            selections.add(requestId, add);
            selections.remove(requestId, remove);
        } else {
            selections.remove(requestId, add);
            selections.add(requestId, remove);
        }
        checkSize(requestId);
        log.info("Deletion request {} selection patched: {} added, {} removed", requestId, add.size(), remove.size());
        return views.of(requests.require(platformId, requestId));
    }

    private void dropReview(DeletionRequest request) {
        if (request.reviewVersion() != null) {
            int dropped = items.deleteAll(request.id());
            log.info("Deletion request {} back to DRAFT after a selection change ({} frozen items dropped)",
                    request.id(), dropped);
        }
    }

    private void checkSize(UUID requestId) {
        int size = selections.count(requestId);
        if (size > limits.maxIds()) {
            throw Problems.unprocessable("selection-too-large", "Selection too large",
                    "A request can hold at most " + limits.maxIds() + " selected or excluded user ids; use a FILTER"
                            + " or ALL_USERS selection for larger deletions");
        }
    }
}
