package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.selection.SelectionMode;
import dev.userdeletion.orchestrator.selection.SelectionRepository;
import dev.userdeletion.orchestrator.userquery.Lookup;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
import dev.userdeletion.web.ApiProblem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Review: resolves the selection through the user-query-service and freezes it as items.
 * <ul>
 *   <li>USERS: the selected ids are looked up in chunks; ids that are not members of this platform (unknown,
 *       deleted, or another platform's users) are not kept and are reported as {@code unknownCount} /
 *       {@code unknownUserIds}.</li>
 *   <li>FILTER / ALL_USERS: the matching users are streamed with their number of platforms, in one call, and
 *       the excluded ids removed.</li>
 * </ul>
 * The HTTP calls run outside any transaction; the freeze then runs in one transaction that refuses the result if
 * the selection changed meanwhile (409 {@code selection-changed}). Each item gets its command id here, so that a
 * repeated confirmation can only ever publish these commands.
 */
@Service
public class ReviewService {

    private static final Logger log = LoggerFactory.getLogger(ReviewService.class);
    /** At most this many unknown ids are kept to show; the count is always exact. */
    static final int UNKNOWN_SAMPLE = 1000;

    private final DeletionRequestRepository requests;
    private final SelectionRepository selections;
    private final ItemRepository items;
    private final UserQueryClient userQuery;
    private final RequestViews views;
    private final TransactionTemplate transactions;
    private final int batchSize;

    public ReviewService(DeletionRequestRepository requests, SelectionRepository selections, ItemRepository items,
                         UserQueryClient userQuery, RequestViews views, TransactionTemplate transactions,
                         OrchestratorProperties properties) {
        this.requests = requests;
        this.selections = selections;
        this.items = items;
        this.userQuery = userQuery;
        this.views = views;
        this.transactions = transactions;
        this.batchSize = properties.batchSize();
    }

    private record Snapshot(DeletionRequest request, List<UUID> ids) {
    }

    private record Resolution(List<Item> items, int predictedRejections, List<UUID> unknown) {
    }

    public RequestView review(String platformId, UUID requestId) {
        long started = System.nanoTime();
        Snapshot snapshot = transactions.execute(tx -> {
            DeletionRequest request = requests.find(platformId, requestId)
                    .orElseThrow(() -> Problems.notFound(requestId));
            if (!request.state().isEditable()) {
                throw Problems.notEditable(request.state(), "reviewing");
            }
            return new Snapshot(request, selections.ids(requestId));
        });
        DeletionRequest request = snapshot.request();
        if (request.mode() == SelectionMode.USERS && snapshot.ids().isEmpty()) {
            throw Problems.unprocessable("empty-selection", "Nothing to review",
                    "The selection is empty: add users (PATCH .../selection {add: [...]}) or choose a FILTER or"
                            + " ALL_USERS selection, then review again");
        }
        Resolution resolution = request.mode() == SelectionMode.USERS
                ? resolveUsers(platformId, snapshot.ids())
                : resolveMatching(request, snapshot.ids());
        long resolved = System.nanoTime();
        RequestView view = transactions.execute(tx -> {
            DeletionRequest current = requests.lock(platformId, requestId)
                    .orElseThrow(() -> Problems.notFound(requestId));
            if (!current.state().isEditable()) {
                throw Problems.notEditable(current.state(), "reviewing");
            }
            if (current.selectionVersion() != request.selectionVersion()) {
                throw ApiProblem.conflict("selection-changed",
                        "The selection changed while it was being reviewed; review again");
            }
            items.deleteAll(requestId);
            items.insert(requestId, resolution.items(), batchSize);
            List<UUID> unknown = resolution.unknown();
            requests.markReviewed(requestId, resolution.items().size(), resolution.predictedRejections(),
                    unknown.size(), unknown.subList(0, Math.min(UNKNOWN_SAMPLE, unknown.size())));
            return views.of(requests.find(platformId, requestId).orElseThrow());
        });
        long finished = System.nanoTime();
        log.info("Deletion request {} on platform {} reviewed: {} users, {} predicted rejections, {} selected ids"
                        + " not kept, in {} ms ({} ms resolving the selection, {} ms freezing the items)", requestId,
                platformId, resolution.items().size(), resolution.predictedRejections(), resolution.unknown().size(),
                (finished - started) / 1_000_000, (resolved - started) / 1_000_000, (finished - resolved) / 1_000_000);
        return view;
    }

    /** Hand-picked ids: keep the members of this platform, report the rest. */
    private Resolution resolveUsers(String platformId, List<UUID> selected) {
        Lookup lookup = userQuery.lookup(platformId, selected);
        Set<UUID> asked = new HashSet<>(selected);
        Resolution resolution = freeze(lookup.items(), asked);
        Set<UUID> kept = new HashSet<>(resolution.items().size() * 2);
        resolution.items().forEach(item -> kept.add(item.userId()));
        List<UUID> unknown = selected.stream().filter(id -> !kept.contains(id)).toList();
        return new Resolution(resolution.items(), resolution.predictedRejections(), unknown);
    }

    /** A filter or the whole platform: stream the matching users with their platform counts, drop the excluded. */
    private Resolution resolveMatching(DeletionRequest request, List<UUID> excluded) {
        Set<UUID> dropped = new HashSet<>(excluded);
        Set<UUID> seen = new HashSet<>();
        List<Item> frozen = new ArrayList<>();
        int[] predicted = {0};
        userQuery.streamMembers(request.platformId(),
                request.mode() == SelectionMode.FILTER ? request.filter() : null, (userId, platformCount) -> {
                    if (dropped.contains(userId) || !seen.add(userId)) {
                        return;
                    }
                    frozen.add(new Item(userId, UUID.randomUUID(), platformCount, null, null));
                    if (platformCount > 1) {
                        predicted[0]++;
                    }
                });
        return new Resolution(frozen, predicted[0], List.of());
    }

    private static Resolution freeze(List<QueryUser> members, Set<UUID> asked) {
        List<Item> frozen = new ArrayList<>(members.size());
        Set<UUID> seen = new HashSet<>(members.size() * 2);
        int predicted = 0;
        for (QueryUser member : members) {
            if (member.userId() == null || !asked.contains(member.userId()) || !seen.add(member.userId())) {
                continue;
            }
            frozen.add(new Item(member.userId(), UUID.randomUUID(), member.platformCount(), null, null));
            if (member.platformCount() > 1) {
                predicted++;
            }
        }
        return new Resolution(frozen, predicted, List.of());
    }
}
