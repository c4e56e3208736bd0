package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestState;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Pages through the frozen items in the database and asks the user-query-service for that page's emails. */
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

    public ItemsPage page(String platformId, UUID requestId, int page, int size) {
        DeletionRequest request = requests.find(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId));
        if (request.state() == RequestState.DRAFT) {
            throw Problems.reviewRequired();
        }
        if (request.state() == RequestState.CANCELLED) {
            throw Problems.notEditable(RequestState.CANCELLED, "listing its items");
        }
        long total = request.count() == null ? 0 : request.count();
        List<Item> rows = items.page(requestId, (long) page * size, size);
        Map<UUID, QueryUser> members = new HashMap<>();
        if (!rows.isEmpty()) {
            userQuery.lookup(platformId, rows.stream().map(Item::userId).toList()).items()
                    .forEach(user -> members.put(user.userId(), user));
        }
        List<ItemsPage.ItemView> views = rows.stream().map(item -> {
            QueryUser member = members.get(item.userId());
            return new ItemsPage.ItemView(item.userId(), member == null ? null : member.email(),
                    member == null ? null : member.role(), member == null ? item.platformCount() : member.platformCount(),
                    item.outcome(), item.reason());
        }).toList();
        return new ItemsPage(views, page, size, total, (total + size - 1) / size);
    }
}
