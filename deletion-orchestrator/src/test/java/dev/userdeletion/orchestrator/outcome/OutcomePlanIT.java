package dev.userdeletion.orchestrator.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.orchestrator.Sql;
import dev.userdeletion.orchestrator.StaleItemStatistics;
import dev.userdeletion.orchestrator.StaleItemStatistics.PendingItem;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A batch of outcomes looks its items up by primary key even when the statistics of {@code deletion_item} say that
 * no item is undecided. Twice a delete-all of 100,000 stood still in that state: for 43 s when the planner scanned the
 * table once per outcome, and, with sequential scans off, for 140 s when it looped over the whole batch once per
 * undecided item (its filter on {@code outcome IS NULL} made it expect one).
 */
class OutcomePlanIT {

    /** The statement as it was when the delete-all stood still for 140 s: the filter on the updated table. */
    private static final String DECIDE_BEFORE = "UPDATE deletion_item i SET outcome = v.outcome, reason = v.reason,"
            + " decided_at = now() FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[])"
            + " AS v(request_id, user_id, command_id, outcome, reason)"
            + " WHERE i.request_id = v.request_id AND i.user_id = v.user_id AND i.command_id = v.command_id"
            + " AND i.outcome IS NULL RETURNING i.request_id";

    @Test
    void aBatchOfOutcomesLooksItsItemsUpByPrimaryKeyWhateverTheStatisticsSay() {
        StaleItemStatistics db = StaleItemStatistics.create();
        List<PendingItem> batch = db.pending(1_000);
        List<ReceivedOutcome.Decision> decisions = decisions(batch);
        String executed = db.executedPlan(jdbc -> new ItemDecisions(jdbc).decide(decisions));
        assertThat(executed).doesNotContain("Seq Scan on deletion_item");
        assertThat(StaleItemStatistics.batchDrivesEveryLookup(executed)).as(executed).isTrue();

        List<ItemDecisions.Decided> decided = db.inTransaction(jdbc -> new ItemDecisions(jdbc).decide(decisions));
        assertThat(decided).hasSize(1_000).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(ItemOutcome.DELETED));
        List<ItemDecisions.Decided> again = db.inTransaction(jdbc -> new ItemDecisions(jdbc).decide(decisions));
        assertThat(again).as("decided already").isEmpty();
        String afterwards = db.inTransaction(jdbc -> {
            Sql.updateByPrimaryKey(jdbc, () -> null);
            return jdbc.queryForObject("SHOW enable_seqscan", String.class);
        });
        assertThat(afterwards).as("the rest of the transaction plans as usual").isEqualTo("on");
    }

    @Test
    void aBatchAsLargeAsTheRequestCannotBeNestedInsideTheTablesScan() {
        StaleItemStatistics db = StaleItemStatistics.create();
        List<PendingItem> batch = db.pending(50_000);
        List<List<String>> outcomes = List.of(Collections.nCopies(batch.size(), "DELETED"),
                Collections.nCopies(batch.size(), null));

        String before = db.planWithNestedLoopsOnly(DECIDE_BEFORE, batch, outcomes);
        assertThat(StaleItemStatistics.batchDrivesEveryLookup(before))
                .as("the trap: the table's scan outside, the batch looped over inside it%n%s", before).isFalse();
        String now = db.planWithNestedLoopsOnly(ItemDecisions.DECIDE, batch, outcomes);
        assertThat(StaleItemStatistics.batchDrivesEveryLookup(now)).as(now).isTrue();

        List<ItemDecisions.Decided> decided = db.inTransaction(jdbc -> new ItemDecisions(jdbc).decide(decisions(batch)));
        assertThat(decided).hasSize(50_000);
    }

    private static List<ReceivedOutcome.Decision> decisions(List<PendingItem> batch) {
        return batch.stream().map(item -> new ReceivedOutcome.Decision(UUID.randomUUID(), item.requestId(),
                item.commandId(), item.userId(), ItemOutcome.DELETED, null)).toList();
    }
}
