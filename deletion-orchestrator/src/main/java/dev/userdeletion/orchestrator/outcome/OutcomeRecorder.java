package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.orchestrator.Sql;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of outcomes in one transaction, set-based:
 * <ol>
 *   <li>the inbox records the event ids and returns those seen for the first time (a redelivery changes nothing);</li>
 *   <li>one UPDATE sets the outcome of each matching item that has none yet, matching request, user <em>and</em>
 *       command id, so an outcome for an unknown command or an already decided item (e.g. the same outcome published
 *       again under a new event id) changes nothing;</li>
 *   <li>the counters of the touched requests are raised by what that UPDATE actually changed;</li>
 *   <li>requests with no pending item left are completed, with {@code DeletionCompleted} in the same transaction.</li>
 * </ol>
 */
@Component
public class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final JdbcTemplate jdbc;
    private final Inbox inbox;
    private final Completions completions;
    private final DeletionMetrics metrics;
    private final String consumer;

    public OutcomeRecorder(JdbcTemplate jdbc, Inbox inbox, Completions completions, DeletionMetrics metrics,
                           dev.userdeletion.orchestrator.OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.completions = completions;
        this.metrics = metrics;
        this.consumer = properties.outcomes().groupId();
    }

    private record Applied(UUID requestId, UUID commandId, String outcome, String reason) {
    }

    private static final class Delta {
        int deleted;
        int multiPlatform;
        int notAMember;
        int alreadyGone;
    }

    @Transactional
    public void apply(List<ReceivedOutcome> received) {
        if (received.isEmpty()) {
            return;
        }
        Set<UUID> fresh = inbox.firstDeliveries(consumer, received.stream().map(ReceivedOutcome::eventId).toList());
        // first delivery of each event; of several fresh outcomes for one command in this batch the first one counts
        Set<UUID> events = new HashSet<>();
        Set<UUID> commands = new HashSet<>();
        List<ReceivedOutcome> firstDeliveries = new ArrayList<>();
        List<ReceivedOutcome> toApply = new ArrayList<>();
        for (ReceivedOutcome r : received) {
            if (fresh.contains(r.eventId()) && events.add(r.eventId())) {
                firstDeliveries.add(r);
                if (commands.add(r.outcome().commandId())) {
                    toApply.add(r);
                }
            }
        }
        int redelivered = received.size() - firstDeliveries.size();
        if (toApply.isEmpty()) {
            log.debug("{} outcome events were redeliveries; nothing applied", received.size());
            return;
        }
        List<Applied> applied = updateItems(toApply);
        Map<UUID, Delta> deltas = new TreeMap<>(); // sorted: concurrent consumers lock requests in the same order
        for (Applied a : applied) {
            Delta d = deltas.computeIfAbsent(a.requestId(), id -> new Delta());
            switch (a.outcome()) {
                case "DELETED" -> d.deleted++;
                case "ALREADY_GONE" -> d.alreadyGone++;
                default -> {
                    if ("NOT_A_MEMBER".equals(a.reason())) {
                        d.notAMember++;
                    } else {
                        d.multiPlatform++;
                    }
                }
            }
        }
        List<Object[]> updates = new ArrayList<>(deltas.size());
        deltas.forEach((id, d) -> updates.add(new Object[] {d.deleted, d.multiPlatform, d.notAMember, d.alreadyGone, id}));
        jdbc.batchUpdate("UPDATE deletion_request SET deleted = deleted + ?, rejected_multi_platform ="
                + " rejected_multi_platform + ?, rejected_not_a_member = rejected_not_a_member + ?, already_gone ="
                + " already_gone + ?, updated_at = now() WHERE id = ?", updates);
        completions.completeFinished(deltas.keySet());

        int ignored = firstDeliveries.size() - applied.size();
        if (ignored > 0) {
            logIgnored(firstDeliveries, toApply, applied);
        }
        metrics.outcomes(deltas.values().stream().mapToInt(d -> d.deleted).sum(),
                deltas.values().stream().mapToInt(d -> d.multiPlatform).sum(),
                deltas.values().stream().mapToInt(d -> d.notAMember).sum(),
                deltas.values().stream().mapToInt(d -> d.alreadyGone).sum(), ignored);
        log.debug("Applied {} outcomes to {} requests ({} redelivered, {} matched no pending command)",
                applied.size(), deltas.size(), redelivered, ignored);
    }

    private List<Applied> updateItems(List<ReceivedOutcome> outcomes) {
        List<UUID> requestIds = new ArrayList<>(outcomes.size());
        List<UUID> userIds = new ArrayList<>(outcomes.size());
        List<UUID> commandIds = new ArrayList<>(outcomes.size());
        List<String> kinds = new ArrayList<>(outcomes.size());
        List<String> reasons = new ArrayList<>(outcomes.size());
        for (ReceivedOutcome r : outcomes) {
            requestIds.add(r.outcome().requestId());
            userIds.add(r.outcome().userId());
            commandIds.add(r.outcome().commandId());
            kinds.add(r.kind());
            reasons.add(r.reason());
        }
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("UPDATE deletion_item i SET outcome = v.outcome,"
                    + " reason = v.reason, decided_at = now()"
                    + " FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[])"
                    + " AS v(request_id, user_id, command_id, outcome, reason)"
                    + " WHERE i.request_id = v.request_id AND i.user_id = v.user_id AND i.command_id = v.command_id"
                    + " AND i.outcome IS NULL RETURNING i.request_id, i.command_id, i.outcome, i.reason");
            ps.setArray(1, Sql.uuids(con, requestIds));
            ps.setArray(2, Sql.uuids(con, userIds));
            ps.setArray(3, Sql.uuids(con, commandIds));
            ps.setArray(4, Sql.texts(con, kinds));
            ps.setArray(5, Sql.texts(con, reasons));
            return ps;
        }, (rs, i) -> new Applied(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4)));
    }

    private void logIgnored(List<ReceivedOutcome> firstDeliveries, List<ReceivedOutcome> toApply,
                            List<Applied> applied) {
        Set<UUID> changed = new HashSet<>();
        applied.forEach(a -> changed.add(a.commandId()));
        Set<UUID> appliedEvents = new HashSet<>();
        toApply.stream().filter(r -> changed.contains(r.outcome().commandId())).forEach(r -> appliedEvents.add(r.eventId()));
        List<ReceivedOutcome> ignored = firstDeliveries.stream().filter(r -> !appliedEvents.contains(r.eventId()))
                .toList();
        ignored.stream().limit(10).forEach(r -> log.info("Outcome {} (event {}) for request {} user {} command {}"
                        + " matched no pending command (unknown command, or the item already has an outcome);"
                        + " nothing changed", r.kind(), r.eventId(), r.outcome().requestId(), r.outcome().userId(),
                r.outcome().commandId()));
        if (ignored.size() > 10) {
            log.info("... and {} more outcomes in this batch that matched no pending command", ignored.size() - 10);
        }
    }
}
