package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.ApiProblem;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A FILTER's email term is text an admin typed, possibly a whole address, so it is kept only while its request
 * can still change: confirming or cancelling erases it, and a DRAFT or REVIEWED request holding one that nobody
 * changed for {@code orchestrator.requests.email-term-retention} (default 20 h) is cancelled here, checked every
 * {@code orchestrator.requests.email-term-check-interval} (15 min): within the 24-hour erasure bound of any user
 * whose address the term was. The admin page then starts a new request on the next tick.
 */
@Component
public class IdleEmailTerms {

    private static final int BATCH = 500;

    private final DeletionRequestRepository requests;
    private final DeletionRequestService service;
    private final Duration retention;

    IdleEmailTerms(DeletionRequestRepository requests, DeletionRequestService service,
                   @Value("${orchestrator.requests.email-term-retention:20h}") Duration retention) {
        this.requests = requests;
        this.service = service;
        this.retention = retention;
    }

    /** Cancels the idle requests with an email term; returns how many. */
    @Scheduled(initialDelayString = "${orchestrator.requests.email-term-check-interval:15m}",
            fixedDelayString = "${orchestrator.requests.email-term-check-interval:15m}")
    public int cancelIdle() {
        int cancelled = 0;
        while (true) {
            List<DeletionRequest> idle = requests.idleWithEmailTerm(retention, BATCH);
            int before = cancelled;
            for (DeletionRequest request : idle) {
                try {
                    cancelled += service.cancelIdle(request) ? 1 : 0;
                } catch (ApiProblem changedMeanwhile) {
                    // someone's write committed between the read and the cancel: the request is not idle
                }
            }
            if (idle.size() < BATCH || cancelled == before) {
                return cancelled;
            }
        }
    }
}
