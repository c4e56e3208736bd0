package dev.userdeletion.orchestrator.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.orchestrator.StaleItemStatistics;
import dev.userdeletion.orchestrator.StaleItemStatistics.PendingItem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Marking a dead-lettered chunk's items failed looks them up by primary key whatever the statistics say. */
class FailedItemsPlanIT {

    @Test
    void aDeadLetteredChunkLooksItsItemsUpByPrimaryKeyWhateverTheStatisticsSay() {
        StaleItemStatistics db = StaleItemStatistics.create();
        List<PendingItem> chunk = db.pending(1_000);
        List<List<String>> reasons = List.of(Collections.nCopies(chunk.size(), "poison"));

        assertThat(StaleItemStatistics.plan(db.jdbc(), FailedItems.MARK, chunk, reasons))
                .as("the trap: with these statistics the planner scans the table for the chunk")
                .contains("Seq Scan on deletion_item");
        List<FailedItems.Failure> failures = chunk.stream()
                .map(item -> new FailedItems.Failure(item.requestId(), item.userId(), item.commandId(), "poison"))
                .toList();
        assertThat(db.executedPlan(jdbc -> new FailedItems(jdbc, new SimpleMeterRegistry()).mark(failures)))
                .contains("Index Scan using deletion_item_pkey").doesNotContain("Seq Scan on deletion_item");
    }
}
