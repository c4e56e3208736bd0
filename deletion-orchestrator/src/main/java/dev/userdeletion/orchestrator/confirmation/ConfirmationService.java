package dev.userdeletion.orchestrator.confirmation;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.outcome.Completions;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestState;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import dev.userdeletion.orchestrator.review.Item;
import dev.userdeletion.orchestrator.review.ItemRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The typed-count confirmation. In one transaction, with the request row locked: the typed number is checked
 * against the frozen count (422 {@code count-mismatch}, nothing changes), the request becomes CONFIRMED, and
 * {@code DeletionConfirmed} plus one {@code DeleteUser} per item (with the command id fixed at review) are written
 * to the outbox in chunks. A request of 0 users completes at once. Confirming a CONFIRMED or COMPLETED request
 * again with the right number answers the request as it is and writes nothing.
 */
@Service
public class ConfirmationService {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationService.class);

    private final DeletionRequestRepository requests;
    private final ItemRepository items;
    private final OutboxWriter outbox;
    private final Completions completions;
    private final RequestViews views;
    private final DeletionMetrics metrics;
    private final int batchSize;

    public ConfirmationService(DeletionRequestRepository requests, ItemRepository items, OutboxWriter outbox,
                               Completions completions, RequestViews views, DeletionMetrics metrics,
                               OrchestratorProperties properties) {
        this.requests = requests;
        this.items = items;
        this.outbox = outbox;
        this.completions = completions;
        this.views = views;
        this.metrics = metrics;
        this.batchSize = properties.batchSize();
    }

    @Transactional
    public RequestView confirm(String platformId, UUID requestId, int typedCount, String confirmedBy) {
        DeletionRequest request = requests.lock(platformId, requestId).orElseThrow(() -> Problems.notFound(requestId));
        switch (request.state()) {
            case DRAFT -> throw Problems.reviewRequired();
            case CANCELLED -> throw Problems.notEditable(RequestState.CANCELLED, "confirming");
            default -> {
            }
        }
        int count = request.count() == null ? 0 : request.count();
        if (typedCount != count) {
            log.info("Deletion request {}: typed count {} does not match the reviewed count {}", requestId, typedCount,
                    count);
            throw Problems.unprocessable("count-mismatch", "Typed count does not match",
                    "You typed " + typedCount + " but the reviewed selection has " + count + " users;"
                            + " nothing was deleted. Type the number of users shown by the review");
        }
        if (request.state() != RequestState.REVIEWED) {
            log.info("Deletion request {} confirmed again while {}; nothing new is published", requestId,
                    request.state());
            return views.of(request);
        }
        requests.markConfirmed(requestId, confirmedBy);
        DeletionRequest confirmed = requests.find(platformId, requestId).orElseThrow();
        outbox.publish(new DeletionConfirmed(requestId, platformId, count, confirmedBy, confirmed.confirmedAt()));
        int published = 0;
        UUID after = null;
        while (true) {
            List<Item> chunk = items.chunkAfter(requestId, after, batchSize);
            if (chunk.isEmpty()) {
                break;
            }
            List<Event> commands = new ArrayList<>(chunk.size());
            for (Item item : chunk) {
                commands.add(new DeleteUser(item.commandId(), requestId, platformId, item.userId(), confirmedBy));
            }
            outbox.publishAll(commands);
            published += chunk.size();
            after = chunk.getLast().userId();
        }
        if (published != count) {
            throw new IllegalStateException("Deletion request " + requestId + " has " + published
                    + " items but a reviewed count of " + count);
        }
        metrics.commandsPublished(published);
        log.info("Deletion request {} on platform {} confirmed by {}: {} DeleteUser commands published", requestId,
                platformId, confirmedBy, published);
        if (count == 0) {
            completions.completeFinished(List.of(requestId));
        }
        return views.of(requests.find(platformId, requestId).orElseThrow());
    }
}
