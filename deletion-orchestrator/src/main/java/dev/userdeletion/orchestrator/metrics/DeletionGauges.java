package dev.userdeletion.orchestrator.metrics;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.RequestState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
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
 *   <li>{@code deletion.commands.pending}: commands of CONFIRMED requests still without an outcome</li>
 *   <li>{@code deletion.requests.stalled}: CONFIRMED requests older than {@code orchestrator.stall-after}</li>
 * </ul>
 *
 * <p><b>Poison commands.</b> A {@code DeleteUser} that membership-service cannot execute goes to
 * {@code deletion.commands-dlt} and never gets an outcome, so its request would stay CONFIRMED forever. The admin
 * is not left guessing: once a request has been CONFIRMED for longer than {@code orchestrator.stall-after}
 * (default 10 minutes) its JSON shows {@code stalled: true} next to {@code pending} (how many users are still
 * waiting), the request is counted in {@code deletion.requests.stalled} (alert on it, next to membership-service's
 * dead-letter counter), and a warning with the request id and pending count is logged once. Nothing is retried or
 * completed automatically: an operator replays the dead-lettered command once its cause is fixed, and the outcome
 * completes the request as usual (the command id is unchanged, so the replay is idempotent).
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
    private final Set<UUID> warnedStalled = new HashSet<>();

    public DeletionGauges(JdbcTemplate jdbc, MeterRegistry meters, OrchestratorProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.stallAfter = properties.stallAfter();
        this.clock = clock;
        for (RequestState state : RequestState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            Gauge.builder("deletion.requests", value, AtomicLong::get).tag("state", state.name())
                    .description("Deletion requests by state").register(meters);
        }
        Gauge.builder("deletion.commands.pending", pending, AtomicLong::get)
                .description("DeleteUser commands of confirmed requests still waiting for an outcome").register(meters);
        Gauge.builder("deletion.requests.stalled", stalled, AtomicLong::get)
                .description("Requests confirmed longer ago than orchestrator.stall-after and still not completed")
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
            Long waiting = jdbc.queryForObject("SELECT coalesce(sum(item_count - deleted - rejected - already_gone), 0)"
                    + " FROM deletion_request WHERE state = 'CONFIRMED'", Long.class);
            pending.set(waiting == null ? 0 : waiting);
            Timestamp threshold = Timestamp.from(clock.instant().minus(stallAfter));
            Set<UUID> nowStalled = new HashSet<>();
            jdbc.query("SELECT id, platform_id, item_count - deleted - rejected - already_gone AS pending, confirmed_at"
                    + " FROM deletion_request WHERE state = 'CONFIRMED' AND confirmed_at < ?", rs -> {
                UUID id = rs.getObject("id", UUID.class);
                nowStalled.add(id);
                if (!warnedStalled.contains(id)) {
                    log.warn("Deletion request {} on platform {} has been CONFIRMED since {} with {} commands still"
                                    + " without an outcome; it is shown as stalled (check deletion.commands-dlt)", id,
                            rs.getString("platform_id"), rs.getTimestamp("confirmed_at").toInstant(),
                            rs.getLong("pending"));
                }
            }, threshold);
            warnedStalled.retainAll(nowStalled);
            warnedStalled.addAll(nowStalled);
            stalled.set(nowStalled.size());
        } catch (DataAccessException e) {
            log.warn("Could not refresh the deletion gauges: {}", e.getMostSpecificCause().toString());
        }
    }
}
