package dev.userdeletion.orchestrator.confirmation;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionConfirmed;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.outcome.Completions;
import dev.userdeletion.orchestrator.request.Action;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
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
 * {@code DeleteUser} command per chunk of items (chunks and their command ids fixed at review) are written to the
 * outbox. A request of 0
 * users completes at once. Confirming a CONFIRMED or COMPLETED request again with the same review and number answers
 * the request as it is and writes nothing.
 */
@Service
public class ConfirmationService {

    private static final Logger log = LoggerFactory.getLogger(ConfirmationService.class);
    /** Commands per outbox statement: a few MB of JSON at most. */
    private static final int COMMANDS_PER_WRITE = 10;

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
        int[] published = publishCommands(confirmed, confirmedBy);
        if (published[0] != count) {
            throw new IllegalStateException("Deletion request " + requestId + " has " + published[0]
                    + " items but a reviewed count of " + count);
        }
        metrics.commandsPublished(published[1]);
        log.info("Deletion request {} on platform {} confirmed by {} (review {}): {} users in {} DeleteUser commands"
                + " published", requestId, platformId, confirmedBy, reviewVersion, published[0], published[1]);
        if (count == 0) {
            completions.completeFinished(List.of(requestId));
        }
        return views.of(requests.require(platformId, requestId));
    }

    /** One {@code DeleteUser} command per chunk of the request's items; returns the number of users they name. */
    private int[] publishCommands(DeletionRequest request, String confirmedBy) {
        int[] usersAndCommands = {0, 0};
        List<Event> pending = new ArrayList<>();
        items.chunks(request.id(), batchSize, chunk -> {
            pending.add(new DeleteUsers(chunk.commandId(), request.id(), request.platformId(), chunk.userIds(),
                    confirmedBy));
            usersAndCommands[0] += chunk.userIds().size();
            usersAndCommands[1]++;
            if (pending.size() == COMMANDS_PER_WRITE) {
                outbox.publishAll(pending);
                pending.clear();
            }
        });
        outbox.publishAll(pending);
        return usersAndCommands;
    }
}
