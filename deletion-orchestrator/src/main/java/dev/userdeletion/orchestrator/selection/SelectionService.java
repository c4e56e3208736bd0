package dev.userdeletion.orchestrator.selection;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestState;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.review.ItemRepository;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes of a request's selection. Each change locks the request row, is refused unless the request is DRAFT or
 * REVIEWED, and moves a REVIEWED request back to DRAFT (its frozen items are dropped), so a changed selection
 * must be reviewed again before it can be confirmed.
 */
@Service
public class SelectionService {

    private static final Logger log = LoggerFactory.getLogger(SelectionService.class);

    private final DeletionRequestRepository requests;
    private final SelectionRepository selections;
    private final ItemRepository items;
    private final RequestViews views;
    private final OrchestratorProperties.Selection limits;

    public SelectionService(DeletionRequestRepository requests, SelectionRepository selections, ItemRepository items,
                            RequestViews views, OrchestratorProperties properties) {
        this.requests = requests;
        this.selections = selections;
        this.items = items;
        this.views = views;
        this.limits = properties.selection();
    }

    /** PUT: replaces the whole selection (mode, filter and ids). */
    @Transactional
    public RequestView replace(String platformId, UUID requestId, SelectionBody body) {
        SelectionInput.Selection selection = SelectionInput.of(body, limits.maxIdsPerCall());
        DeletionRequest request = lockEditable(platformId, requestId);
        backToDraft(request);
        requests.setSelection(requestId, selection.mode(), selection.filter());
        selections.clear(requestId);
        selections.add(requestId, selection.ids());
        checkSize(requestId);
        log.info("Deletion request {} selection set: mode {}, {} ids", requestId, selection.mode(),
                selection.ids().size());
        return view(platformId, requestId);
    }

    /**
     * PATCH: ticks ({@code add}) and unticks ({@code remove}) users. USERS mode: the selected ids; FILTER and
     * ALL_USERS mode: unticking excludes a user, ticking removes the exclusion.
     */
    @Transactional
    public RequestView patch(String platformId, UUID requestId, SelectionPatch patch) {
        List<Set<UUID>> change = SelectionInput.patch(patch, limits.maxIdsPerCall());
        Set<UUID> add = change.get(0);
        Set<UUID> remove = change.get(1);
        DeletionRequest request = lockEditable(platformId, requestId);
        backToDraft(request);
        if (request.mode() == SelectionMode.USERS) {
            selections.add(requestId, add);
            selections.remove(requestId, remove);
        } else {
            selections.remove(requestId, add);
            selections.add(requestId, remove);
        }
        requests.bumpSelectionVersion(requestId);
        checkSize(requestId);
        log.info("Deletion request {} selection patched: {} added, {} removed", requestId, add.size(), remove.size());
        return view(platformId, requestId);
    }

    private DeletionRequest lockEditable(String platformId, UUID requestId) {
        DeletionRequest request = requests.lock(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId));
        if (!request.state().isEditable()) {
            throw Problems.notEditable(request.state(), "changing the selection");
        }
        return request;
    }

    private void backToDraft(DeletionRequest request) {
        if (request.state() == RequestState.REVIEWED) {
            int dropped = items.deleteAll(request.id());
            requests.backToDraft(request.id());
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

    private RequestView view(String platformId, UUID requestId) {
        return views.of(requests.find(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId)));
    }
}
