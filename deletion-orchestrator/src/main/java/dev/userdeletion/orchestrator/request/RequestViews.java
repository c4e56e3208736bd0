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

    public RequestView of(DeletionRequest request) {
        return of(request, selections.ids(request.id()));
    }

    public List<RequestView> of(List<DeletionRequest> requests) {
        Map<UUID, List<UUID>> ids = selections.ids(requests.stream().map(DeletionRequest::id).toList());
        return requests.stream().map(r -> of(r, ids.getOrDefault(r.id(), List.of()))).toList();
    }

    private RequestView of(DeletionRequest r, List<UUID> ids) {
        SelectionView selection = switch (r.mode()) {
            case USERS -> new SelectionView(SelectionMode.USERS.name(), ids, ids.size(), null, null, null);
            case FILTER -> new SelectionView(SelectionMode.FILTER.name(), null, null,
                    new FilterView(r.filter().email(), r.filter().roles(), r.filter().lastLoginOnOrBefore(),
                            r.emailTermErased() ? Boolean.TRUE : null),
                    ids, ids.size());
            case ALL_USERS -> new SelectionView(SelectionMode.ALL_USERS.name(), null, null, null, ids, ids.size());
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
