package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.metrics.DeletionMetrics;
import dev.userdeletion.orchestrator.outcome.ItemDecisions.Decided;
import dev.userdeletion.orchestrator.outcome.ReceivedOutcome.Decision;
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
 *   <li>each outcome (one per chunk) names several users: {@link ItemDecisions} sets the outcome of each matching item
 *       that has none yet, so a decision for an unknown command or an already decided item changes nothing;</li>
 *   <li>the counters of the touched requests are raised by what was actually decided (and their {@code failed}
 *       lowered for items that had been dead-lettered and were replayed);</li>
 *   <li>requests with no pending item left are completed, with {@code DeletionCompleted} in the same transaction.</li>
 * </ol>
 */
@Component
public class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final JdbcTemplate jdbc;
    private final Inbox inbox;
    private final ItemDecisions decisions;
    private final Completions completions;
    private final DeletionMetrics metrics;
    private final String consumer;

    public OutcomeRecorder(JdbcTemplate jdbc, Inbox inbox, ItemDecisions decisions, Completions completions,
                           DeletionMetrics metrics, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.decisions = decisions;
        this.completions = completions;
        this.metrics = metrics;
        this.consumer = properties.outcomes().groupId();
    }

    @Transactional
    public void apply(List<ReceivedOutcome> received) {
        Set<UUID> fresh = inbox.firstDeliveries(consumer, received.stream().map(ReceivedOutcome::eventId).toList());
        // first delivery of each event; of several fresh decisions for one item in this batch the first one counts
        Set<UUID> events = new HashSet<>();
        Set<String> items = new HashSet<>();
        List<Decision> toApply = new ArrayList<>();
        int considered = 0;
        for (ReceivedOutcome r : received) {
            if (fresh.contains(r.eventId()) && events.add(r.eventId())) {
                considered += r.outcome().decisions().size();
                for (Decision d : r.decisions()) {
                    if (items.add(d.requestId() + "/" + d.userId() + "/" + d.commandId())) {
                        toApply.add(d);
                    }
                }
            }
        }
        if (toApply.isEmpty()) {
            log.debug("{} outcome events were redeliveries; nothing applied", received.size());
            return;
        }
        List<Decided> decided = decisions.decide(toApply);
        Map<UUID, OutcomeTally> tallies = new TreeMap<>(); // sorted: concurrent consumers lock requests in one order
        for (Decided d : decided) {
            tallies.computeIfAbsent(d.requestId(), id -> new OutcomeTally()).add(d.outcome(), d.reason(), d.wasFailed());
        }
        List<Object[]> updates = new ArrayList<>(tallies.size());
        tallies.forEach((id, tally) -> {
            Object[] deltas = tally.counterDeltas();
            Object[] row = new Object[deltas.length + 1];
            System.arraycopy(deltas, 0, row, 0, deltas.length);
            row[deltas.length] = id;
            updates.add(row);
        });
        jdbc.batchUpdate("UPDATE deletion_request SET deleted = deleted + ?, rejected_multi_platform ="
                + " rejected_multi_platform + ?, rejected_not_a_member = rejected_not_a_member + ?, already_gone ="
                + " already_gone + ?, failed = failed - ?, version = version + 1, updated_at = now() WHERE id = ?",
                updates);
        completions.completeFinished(tallies.keySet());

        int ignored = considered - decided.size();
        if (ignored > 0) {
            decisions.logIgnored(toApply, decided);
        }
        metrics.outcomes(tallies.values().stream().mapToInt(t -> t.deleted).sum(),
                sum(tallies, RejectionReason.MULTI_PLATFORM), sum(tallies, RejectionReason.NOT_A_MEMBER),
                tallies.values().stream().mapToInt(t -> t.alreadyGone).sum(), ignored);
        log.debug("Applied {} decisions of {} outcome events to {} requests ({} events redelivered, {} decisions matched"
                + " no pending item)", decided.size(), events.size(), tallies.size(), received.size() - events.size(),
                ignored);
    }

    private static int sum(Map<UUID, OutcomeTally> tallies, RejectionReason reason) {
        return tallies.values().stream().mapToInt(t -> t.rejected(reason)).sum();
    }
}
