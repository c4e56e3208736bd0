package dev.userdeletion.orchestrator;

import dev.userdeletion.contracts.DeleteUsers;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deletion orchestrator ({@code orchestrator.*}); the defaults are in {@code application.yml}
 * as well, each with a short note.
 *
 * @param userQuery    how the user-query-service is reached
 * @param stallAfter   a CONFIRMED request still waiting for outcomes this long after confirmation is shown
 *                     {@code stalled: true} and counted in {@code deletion.requests.stalled}
 * @param selection    limits of a selection
 * @param batchSize    rows per COPY write when items are frozen, and items read at a time when commands are published
 * @param chunkSize    users per {@code DeleteUser} command (a chunk; membership-service executes one in one
 *                     transaction), fixed for a request at its review; 1 to 5,000
 * @param outcomes     the consumer of {@code deletion.outcomes}
 * @param metrics      how often the gauges read the database
 * @param listLimit    default number of requests returned by the list endpoint (its {@code limit} parameter)
 */
@ConfigurationProperties("orchestrator")
public record OrchestratorProperties(
        @DefaultValue UserQuery userQuery,
        @DefaultValue("10m") Duration stallAfter,
        @DefaultValue Selection selection,
        @DefaultValue("5000") int batchSize,
        @DefaultValue("1000") int chunkSize,
        @DefaultValue Outcomes outcomes,
        @DefaultValue Metrics metrics,
        @DefaultValue("100") int listLimit) {

    public OrchestratorProperties {
        if (chunkSize < 1 || chunkSize > DeleteUsers.MAX_USERS) {
            throw new IllegalArgumentException("orchestrator.chunk-size must be 1.." + DeleteUsers.MAX_USERS);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("orchestrator.batch-size must be at least 1");
        }
    }

    /**
     * @param baseUrl         root URL of the user-query-service
     * @param connectTimeout  TCP connect timeout
     * @param readTimeout     longest wait for (more of) an answer; the id stream of a large platform takes a while
     * @param lookupChunkSize ids per lookup call (the service accepts at most 10,000)
     */
    public record UserQuery(@DefaultValue("http://localhost:8082") String baseUrl,
                            @DefaultValue("2s") Duration connectTimeout,
                            @DefaultValue("60s") Duration readTimeout,
                            @DefaultValue("10000") int lookupChunkSize) {
        public UserQuery {
            if (lookupChunkSize < 1 || lookupChunkSize > 10_000) {
                throw new IllegalArgumentException("orchestrator.user-query.lookup-chunk-size must be 1..10000");
            }
        }
    }

    /**
     * @param maxIdsPerCall user ids accepted in one PUT or PATCH of a selection
     * @param maxIds        user ids (selected or excluded) a request may hold in total
     */
    public record Selection(@DefaultValue("10000") int maxIdsPerCall, @DefaultValue("50000") int maxIds) {
    }

    /**
     * @param groupId        consumer group of the outcome listener
     * @param maxPollRecords outcome events (one per chunk) applied per batch (one transaction, set-based)
     */
    public record Outcomes(@DefaultValue("deletion-orchestrator") String groupId,
                           @DefaultValue("20") int maxPollRecords) {
    }

    /** @param refreshInterval how often the gauges (requests by state, pending commands, stalled requests) are re-read */
    public record Metrics(@DefaultValue("15s") Duration refreshInterval) {
    }
}
