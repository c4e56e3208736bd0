package dev.userdeletion.orchestrator.request;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.RequestView.FilterView;
import dev.userdeletion.orchestrator.request.RequestView.SelectionView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Builds {@link RequestView}s: the request row plus its selection ids. */
@Component
public class RequestViews {

    private final SelectionRepository selections;
    private final Duration stallAfter;
    private final Clock clock;

    public RequestViews(SelectionRepository selections, OrchestratorProperties properties, Clock clock) {
        this.selections = selections;
        this.stallAfter = properties.stallAfter();
        this.clock = clock;
    }

    /** One request with its selection's ids. */
    public RequestView of(DeletionRequest request) {
        List<UUID> ids = selections.ids(request.id());
        return of(request, ids, ids.size());
    }

    /**
     * Requests for a list: each selection with its counts but without its ids (a request may hold 50,000, a list a
     * thousand requests); {@link #of(DeletionRequest)} has them.
     */
    public List<RequestView> summaries(List<DeletionRequest> requests) {
        Map<UUID, Integer> counts = selections.counts(requests.stream().map(DeletionRequest::id).toList());
        return requests.stream().map(r -> of(r, null, counts.getOrDefault(r.id(), 0))).toList();
    }

    /** {@code ids} null: the counts only. */
    private RequestView of(DeletionRequest r, List<UUID> ids, int idCount) {
        SelectionView selection = switch (r.mode()) {
            case USERS -> new SelectionView(SelectionMode.USERS.name(), ids, idCount, null, null, null);
            case FILTER -> new SelectionView(SelectionMode.FILTER.name(), null, null,
                    new FilterView(r.filter().email(), r.filter().roles(), r.filter().lastLoginOnOrBefore(),
                            r.emailTermErased() ? Boolean.TRUE : null),
                    ids, idCount);
            case ALL_USERS -> new SelectionView(SelectionMode.ALL_USERS.name(), null, null, null, ids, idCount);
        };
        Progress p = r.progress();
        List<UUID> unknown = r.unknownUserIds() == null ? (r.unknownCount() == null ? null : List.of())
                : r.unknownUserIds();
        return new RequestView(r.id(), r.platformId(), r.state(), r.version(), r.reviewVersion(), selection, r.count(),
                r.predictedRejections(), r.unknownCount(), unknown, p.deleted(), p.rejected(), p.alreadyGone(),
                r.pending(), p.failed(), p.rejectedByReasonName(), r.createdAt(), r.reviewedAt(), r.confirmedAt(),
                r.completedAt(), r.cancelledAt(), r.createdBy(), r.confirmedBy(),
                p.stalled(r.state(), r.confirmedAt(), clock.instant(), stallAfter));
    }
}
