package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.localstack.RunningStack;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness at small scale on the shared end-to-end stack, so it cannot rot. It asserts that the
 * results are right, never how fast they came.
 */
class BenchmarkIT {

    @Test
    void smallRunProducesCorrectResults() throws Exception {
        BenchmarkScale scale = BenchmarkScale.small();
        Benchmark.Results r = Benchmark.run(RunningStack.get(), scale, null);

        assertThat(r.projectedRows()).as("rows in the read model").isEqualTo(r.expectedRows());
        assertThat(r.ingestSeconds()).isPositive();
        assertThat(r.queries()).hasSize(QueryBenchmark.filters(java.time.LocalDate.now()).size()
                * QueryBenchmark.sorts().size() * 2);
        assertThat(r.queries()).allSatisfy(q -> {
            assertThat(q.matches()).as("HTTP answer equals SQL answer for " + q.query().label()).isTrue();
            assertThat(q.http().samples()).isEqualTo(scale.clients() * scale.queriesPerClient());
        });
        assertThat(r.queries().getFirst().total()).as("platform 0 lists all its users")
                .isEqualTo(scale.largestPlatform());

        DeletionBenchmark.Result d = r.deletion();
        assertThat(r.expectedRejected()).isPositive();
        assertThat(d.reviewed()).isEqualTo(scale.deletionPlatform());
        assertThat(d.predictedRejections()).isEqualTo(r.expectedRejected());
        assertThat(d.deleted()).isEqualTo(r.expectedDeleted());
        assertThat(d.rejected()).isEqualTo(r.expectedRejected());
        assertThat(d.alreadyGone()).isZero();
        assertThat(d.deleted() + d.rejected()).isEqualTo(scale.deletionPlatform());
        assertThat(d.sqlDeletedUsers()).as("the SQL limit deletes the same users").isEqualTo(r.expectedDeleted());
        assertThat(r.membershipsLeftOnPlatform()).as("only multi-platform users stay").isEqualTo(r.expectedRejected());
        assertThat(r.accessListLeftOnPlatform()).isEqualTo(r.expectedRejected());
        assertThat(r.resources()).hasSize(4).allSatisfy(u -> assertThat(u.peakRssMb()).isPositive());
    }
}
