package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Item;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.RequestLifecycle;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Pages through the frozen items in the database, optionally only those with some outcomes (who could not be
 * deleted: {@code REJECTED}), and asks the user-query-service for that page's emails.
 */
@Service
public class ItemsService {

    private final DeletionRequestRepository requests;
    private final ItemRepository items;
    private final UserQueryClient userQuery;

    public ItemsService(DeletionRequestRepository requests, ItemRepository items, UserQueryClient userQuery) {
        this.requests = requests;
        this.items = items;
        this.userQuery = userQuery;
    }

    public ItemsPage page(String platformId, UUID requestId, Set<ItemOutcome> outcomes, int page, int size) {
        DeletionRequest request = requests.require(platformId, requestId);
        RequestLifecycle.next(request.state(), Action.LIST_ITEMS);
        long total = outcomes.isEmpty() ? (request.count() == null ? 0 : request.count())
                : items.count(requestId, outcomes);
        List<Item> rows = items.page(requestId, outcomes, (long) page * size, size);
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
        return new ItemsPage(views, page, size, total, (total + size - 1) / size);
    }
}
