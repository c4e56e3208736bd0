package dev.userdeletion.orchestrator.confirmation;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.outcome.Completions;
import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.Item;
import dev.userdeletion.orchestrator.request.ItemRepository;
import dev.userdeletion.orchestrator.request.Problems;
import dev.userdeletion.orchestrator.request.RequestLifecycle;
import dev.userdeletion.orchestrator.request.RequestState;
import dev.userdeletion.orchestrator.request.RequestTransitions;
import dev.userdeletion.orchestrator.request.RequestView;
import dev.userdeletion.orchestrator.request.RequestViews;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The typed-count confirmation. In one transaction, with the request row locked: the confirmation must name the
 * current review ({@code reviewVersion}: 428 when missing, 409 {@code review-changed} when another review replaced
 * it, so nobody confirms a snapshot they did not see), the typed number must equal the frozen count (422
 * {@code count-mismatch}); then the request becomes CONFIRMED and {@code DeletionConfirmed} plus one
 * {@code DeleteUser} per item (command ids fixed at review) are written to the outbox in chunks. A request of 0
 * users completes at once. Confirming a CONFIRMED or COMPLETED request again with the same review and number answers
 * the request as it is and writes nothing.
 */
@Service
public class ConfirmationService {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationService.class);

    private final DeletionRequestRepository requests;
    private final RequestTransitions transitions;
    private final ItemRepository items;
    private final OutboxWriter outbox;
    private final Completions completions;
    private final RequestViews views;
    private final DeletionMetrics metrics;
    private final int batchSize;

    public ConfirmationService(DeletionRequestRepository requests, RequestTransitions transitions,
                               ItemRepository items, OutboxWriter outbox, Completions completions, RequestViews views,
                               DeletionMetrics metrics, OrchestratorProperties properties) {
        this.requests = requests;
        this.transitions = transitions;
        this.items = items;
        this.outbox = outbox;
        this.completions = completions;
        this.views = views;
        this.metrics = metrics;
        this.batchSize = properties.batchSize();
    }

    @Transactional
    public RequestView confirm(String platformId, UUID requestId, int typedCount, Integer reviewVersion,
                               String confirmedBy) {
        DeletionRequest request = requests.lock(platformId, requestId);
        RequestLifecycle.next(request.state(), Action.CONFIRM);
        if (reviewVersion == null) {
            throw Problems.reviewVersionRequired();
        }
        if (!reviewVersion.equals(request.reviewVersion())) {
            log.info("Deletion request {}: confirmation named review {} but the current one is {}", requestId,
                    reviewVersion, request.reviewVersion());
            throw Problems.reviewChanged(reviewVersion, request.reviewVersion());
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
        transitions.confirmed(request, confirmedBy);
        DeletionRequest confirmed = requests.require(platformId, requestId);
        outbox.publish(new DeletionConfirmed(requestId, platformId, count, confirmedBy, confirmed.confirmedAt()));
        int published = publishCommands(confirmed, confirmedBy);
        if (published != count) {
            throw new IllegalStateException("Deletion request " + requestId + " has " + published
                    + " items but a reviewed count of " + count);
        }
        metrics.commandsPublished(published);
        log.info("Deletion request {} on platform {} confirmed by {} (review {}): {} DeleteUser commands published",
                requestId, platformId, confirmedBy, reviewVersion, published);
        if (count == 0) {
            completions.completeFinished(List.of(requestId));
        }
        return views.of(requests.require(platformId, requestId));
    }

    private int publishCommands(DeletionRequest request, String confirmedBy) {
        int published = 0;
        UUID after = null;
        while (true) {
            List<Item> chunk = items.chunkAfter(request.id(), after, batchSize);
            if (chunk.isEmpty()) {
                return published;
            }
            List<Event> commands = new ArrayList<>(chunk.size());
            for (Item item : chunk) {
                commands.add(new DeleteUser(item.commandId(), request.id(), request.platformId(), item.userId(),
                        confirmedBy));
            }
            outbox.publishAll(commands);
            published += chunk.size();
            after = chunk.getLast().userId();
        }
    }
}
