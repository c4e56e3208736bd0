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
        List<FailedItems.Failure> failures = chunk.stream()
                .map(item -> new FailedItems.Failure(item.requestId(), item.userId(), item.commandId(), "poison"))
                .toList();
        String executed = db.executedPlan(jdbc -> new FailedItems(jdbc, new SimpleMeterRegistry()).mark(failures));
        assertThat(executed).doesNotContain("Seq Scan on deletion_item");
        assertThat(StaleItemStatistics.batchDrivesEveryLookup(executed)).as(executed).isTrue();

        List<PendingItem> many = db.pending(50_000);
        String nestedOnly = db.planWithNestedLoopsOnly(FailedItems.MARK, many,
                List.of(Collections.nCopies(many.size(), "poison")));
        assertThat(StaleItemStatistics.batchDrivesEveryLookup(nestedOnly)).as(nestedOnly).isTrue();
    }
}
