package dev.userdeletion.orchestrator.metrics;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.RequestState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the database every {@code orchestrator.metrics.refresh-interval} (never on the scrape thread):
 * <ul>
 *   <li>{@code deletion.requests{state}}: requests by state</li>
 *   <li>{@code deletion.users.pending}: users of CONFIRMED requests still without an outcome</li>
 *   <li>{@code deletion.requests.stalled}: CONFIRMED requests with FAILED (dead-lettered) users, or older than
 *       {@code orchestrator.stall-after}</li>
 *   <li>{@code deletion.items.failed}: users of CONFIRMED requests whose command or outcome was dead-lettered</li>
 * </ul>
 *
 * <p><b>Poison commands.</b> A {@code DeleteUser} that membership-service cannot execute goes to
 * {@code deletion.commands-dlt} and never gets an outcome. The dead-letter listener marks its user FAILED at once, so
 * the request shows {@code failed} and {@code stalled: true}; a request that waits longer than
 * {@code orchestrator.stall-after} (default 10 minutes) for outcomes is stalled too. Stalled requests are counted in
 * {@code deletion.requests.stalled} (alert on it) and a warning with the request id and counts is logged once.
 * Nothing is retried or completed automatically: an operator replays the dead-lettered record once its cause is
 * fixed ({@code ./replay-dead-letters.sh}), and the outcome completes the request as usual (the command id is
 * unchanged, so the replay is idempotent).
 */
@Component
public class DeletionGauges {

    private static final Logger log = LoggerFactory.getLogger(DeletionGauges.class);

    private final JdbcTemplate jdbc;
    private final Duration stallAfter;
    private final Clock clock;
    private final Map<RequestState, AtomicLong> byState = new EnumMap<>(RequestState.class);
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final DeletionRequestRepository requests;
    private final Set<UUID> warnedStalled = new HashSet<>();

    public DeletionGauges(JdbcTemplate jdbc, DeletionRequestRepository requests, MeterRegistry meters,
                          OrchestratorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.stallAfter = properties.stallAfter();
        this.clock = clock;
        for (RequestState state : RequestState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            Gauge.builder("deletion.requests", value, AtomicLong::get).tag("state", state.name())
                    .description("Deletion requests by state").register(meters);
        }
        Gauge.builder("deletion.users.pending", pending, AtomicLong::get)
                .description("Users of confirmed requests still waiting for an outcome").register(meters);
        Gauge.builder("deletion.requests.stalled", stalled, AtomicLong::get)
                .description("Confirmed requests with dead-lettered users, or confirmed longer ago than"
                        + " orchestrator.stall-after and still not completed")
                .register(meters);
        Gauge.builder("deletion.items.failed", failed, AtomicLong::get)
                .description("Users of confirmed requests whose command or outcome went to a dead-letter topic")
                .register(meters);
    }

    @Scheduled(initialDelayString = "${orchestrator.metrics.refresh-interval:15s}",
            fixedDelayString = "${orchestrator.metrics.refresh-interval:15s}")
    public void refresh() {
        try {
            Map<RequestState, Long> counts = new EnumMap<>(RequestState.class);
            jdbc.query("SELECT state, count(*) FROM deletion_request GROUP BY state",
                    rs -> {
                        counts.put(RequestState.valueOf(rs.getString(1)), rs.getLong(2));
                    });
            byState.forEach((state, value) -> value.set(counts.getOrDefault(state, 0L)));
            List<DeletionRequest> confirmed = requests.confirmed();
            pending.set(confirmed.stream().mapToLong(DeletionRequest::pending).sum());
            failed.set(confirmed.stream().mapToLong(r -> r.progress().failed()).sum());
            Set<UUID> nowStalled = new HashSet<>();
            for (DeletionRequest r : confirmed) {
                if (!r.progress().stalled(r.state(), r.confirmedAt(), clock.instant(), stallAfter)) {
                    continue;
                }
                nowStalled.add(r.id());
                if (!warnedStalled.contains(r.id())) {
                    log.warn("Deletion request {} on platform {} is stalled: CONFIRMED since {}, {} users still without"
                                    + " an outcome, {} of them FAILED (dead-lettered; replay deletion.commands-dlt /"
                                    + " deletion.outcomes-dlt once the cause is fixed)", r.id(), r.platformId(),
                            r.confirmedAt(), r.pending(), r.progress().failed());
                }
            }
            warnedStalled.retainAll(nowStalled);
            warnedStalled.addAll(nowStalled);
            stalled.set(nowStalled.size());
        } catch (DataAccessException e) {
            log.warn("Could not refresh the deletion gauges: {}", e.getMostSpecificCause().toString());
        }
    }
}
