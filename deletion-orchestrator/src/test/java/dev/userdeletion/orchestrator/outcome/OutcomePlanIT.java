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
 * no item is undecided (the state in which a delete-all of 100,000 stood still for 43 s: every batch scanned the table
 * once per outcome).
 */
class OutcomePlanIT {

    @Test
    void aBatchOfOutcomesLooksItsItemsUpByPrimaryKeyWhateverTheStatisticsSay() {
        StaleItemStatistics db = StaleItemStatistics.create();
        List<PendingItem> batch = db.pending(1_000);
        List<List<String>> outcomes = List.of(Collections.nCopies(batch.size(), "DELETED"),
                Collections.nCopies(batch.size(), null));

        assertThat(StaleItemStatistics.plan(db.jdbc(), ItemDecisions.DECIDE, batch, outcomes))
                .as("the trap: with these statistics the planner scans the table for the batch")
                .contains("Seq Scan on deletion_item");
        List<ReceivedOutcome.Decision> decisions = batch.stream().map(item -> new ReceivedOutcome.Decision(
                UUID.randomUUID(), item.requestId(), item.commandId(), item.userId(), ItemOutcome.DELETED, null))
                .toList();
        assertThat(db.executedPlan(jdbc -> new ItemDecisions(jdbc).decide(decisions)))
                .contains("Index Scan using deletion_item_pkey").doesNotContain("Seq Scan on deletion_item");

        List<ItemDecisions.Decided> decided = db.inTransaction(jdbc -> new ItemDecisions(jdbc).decide(decisions));
        assertThat(decided).hasSize(1_000).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(ItemOutcome.DELETED));
        String afterwards = db.inTransaction(jdbc -> {
            Sql.updateByPrimaryKey(jdbc, () -> null);
            return jdbc.queryForObject("SHOW enable_seqscan", String.class);
        });
        assertThat(afterwards).as("the rest of the transaction plans as usual").isEqualTo("on");
    }
}
