package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.EntityTags;
import dev.userdeletion.orchestrator.request.Item;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestLifecycle;
import dev.userdeletion.orchestrator.request.RequestTransitions;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.request.SelectionMode;
import dev.userdeletion.orchestrator.request.SelectionRepository;
import dev.userdeletion.orchestrator.userquery.Lookup;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
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
    private final UserQueryClient userQuery;
    private final RequestViews views;
    private final TransactionTemplate transactions;
    private final int batchSize;

    public ReviewService(DeletionRequestRepository requests, RequestTransitions transitions,
                         SelectionRepository selections, ItemRepository items, UserQueryClient userQuery,
                         RequestViews views, TransactionTemplate transactions, OrchestratorProperties properties) {
        this.requests = requests;
        this.transitions = transitions;
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
        Resolution resolution = request.mode() == SelectionMode.USERS
                ? resolveUsers(platformId, snapshot.ids())
                : resolveMatching(request, snapshot.ids());
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
                    frozen.add(new Item(userId, UUID.randomUUID(), platformCount, null, null, null));
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
            frozen.add(new Item(member.userId(), UUID.randomUUID(), member.platformCount(), null, null, null));
            if (member.platformCount() > 1) {
                predicted++;
            }
        }
        return new Resolution(frozen, predicted, List.of());
    }
}
