package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Item;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestLifecycle;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pages through the frozen items in the database, optionally only those with some outcomes (who could not be
 * deleted: {@code REJECTED}), and asks the user-query-service for that page's emails.
 */
@Service
public class ItemsService {

    private final DeletionRequestRepository requests;
    private final ItemRepository items;
    private final UserQueryClient userQuery;
    /** The request and its items in one snapshot: a review committing in between cannot mix two reviews' items. */
    private final TransactionTemplate snapshot;

    public ItemsService(DeletionRequestRepository requests, ItemRepository items, UserQueryClient userQuery,
                        PlatformTransactionManager transactions) {
        this.requests = requests;
        this.items = items;
        this.userQuery = userQuery;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    private record Frozen(DeletionRequest request, long total, List<Item> rows) {
    }

    /**
     * One page of the items of the request's current review, which the answer names ({@code reviewVersion}).
     * {@code reviewVersion} given (the review the caller has been looking at) and another review current: 409
     * {@code review-changed}, so a person paging through a review never sees another one's items under it.
     */
    public ItemsPage page(String platformId, UUID requestId, Set<ItemOutcome> outcomes, int page, int size,
                          Integer reviewVersion) {
        Frozen frozen = snapshot.execute(status -> {
            DeletionRequest request = requests.require(platformId, requestId);
            RequestLifecycle.next(request.state(), Action.LIST_ITEMS);
            if (reviewVersion != null && !reviewVersion.equals(request.reviewVersion())) {
                throw Problems.itemsOfAnotherReview(reviewVersion, request.reviewVersion());
            }
            long total = outcomes.isEmpty() ? (request.count() == null ? 0 : request.count())
                    : items.count(requestId, outcomes);
            return new Frozen(request, total, items.page(requestId, outcomes, (long) page * size, size));
        });
        long total = frozen.total();
        List<Item> rows = frozen.rows();
        Map<UUID, QueryUser> members = new HashMap<>();
        if (!rows.isEmpty()) {
            userQuery.lookup(platformId, rows.stream().map(Item::userId).toList()).items()
                    .forEach(user -> members.put(user.userId(), user));
        }
        List<ItemsPage.ItemView> views = rows.stream().map(item -> {
            QueryUser member = members.get(item.userId());
            return new ItemsPage.ItemView(item.userId(), member == null ? null : member.email(),
                    member == null ? null : member.role(), member == null ? item.platformCount() : member.platformCount(),
                    item.state(), item.state() == ItemOutcome.FAILED ? item.failure() : item.reason());
        }).toList();
        return new ItemsPage(views, page, size, total, (total + size - 1) / size, frozen.request().reviewVersion());
    }
}
