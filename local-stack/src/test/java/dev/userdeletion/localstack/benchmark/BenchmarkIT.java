package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalInfrastructure;
import dev.userdeletion.localstack.RunningStack;
import dev.userdeletion.localstack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(r.ingestCpu().shares()).as("the ingest's CPU by process").extracting(IngestCpu.Share::process)
                .contains("user-query-service", "notification-service",
                        "PostgreSQL (read model): connections to user_query", "PostgreSQL: connections to notification",
                        "PostgreSQL: walsender (logical decoding) of membership's relay")
                .as("no relay streams from the read model's server")
                .noneMatch(process -> process.startsWith("PostgreSQL (read model): walsender"));
        assertThat(r.ingestCpu().shares()).filteredOn(share -> share.process().equals("user-query-service"))
                .singleElement().satisfies(share -> assertThat(share.cpuSeconds()).isPositive());

        int combinations = QueryBenchmark.filters(LocalDate.now()).size() * QueryBenchmark.sorts().size();
        assertThat(r.queries().stream().filter(q -> q.query().page() == 0)).as("a first page of every combination")
                .hasSize(combinations);
        List<QueryBenchmark.Result> byCursor = r.queries().stream().filter(q -> q.query().byCursor()).toList();
        assertThat(byCursor).as("a deep page by cursor of every combination with more than one page").isNotEmpty()
                .allSatisfy(q -> assertThat(r.queries()).anySatisfy(o -> {
                    assertThat(o.query().byCursor()).isFalse();
                    assertThat(o.query().page()).isEqualTo(q.query().page()).isPositive();
                    assertThat(o.query().filter()).isEqualTo(q.query().filter());
                    assertThat(o.query().sort()).isEqualTo(q.query().sort());
                }));
        assertThat(r.queries()).allSatisfy(q -> {
            assertThat(q.matches()).as("HTTP answer equals SQL answer for " + q.query().label()).isTrue();
            assertThat(q.http().latencies().samples()).isEqualTo(scale.clients() * scale.queriesPerClient());
            assertThat(q.http().settlingBatches()).as("untimed batches before timing").isPositive();
            // its own CPU account (clock ticks of 10 ms: too coarse for a figure per combination at this scale)
            assertThat(q.http().cost().calls()).isEqualTo(scale.clients() * scale.queriesPerClient());
            assertThat(q.sql().cost().calls()).isEqualTo(scale.clients() * scale.queriesPerClient());
            assertThat(q.plan().scans()).as("the plan of " + q.query().label()).isNotEmpty();
            assertThat(q.plan().executionMs()).isPositive();
        });
        assertThat(r.queries().getFirst().total()).as("platform 0 lists all its users")
                .isEqualTo(scale.largestPlatform());
        assertThat(r.queries()).as("totals exact, or for an email term bounded at 1,000").allSatisfy(q -> {
            boolean bounded = q.query().filter().email() != null && q.matchingUsers() > QueryBenchmark.TOTAL_BOUND;
            assertThat(q.totalIsExact()).isEqualTo(!bounded);
            assertThat(q.total()).isEqualTo(bounded ? QueryBenchmark.TOTAL_BOUND : q.matchingUsers());
        });

        long timedCalls = (long) r.queries().size() * scale.clients() * scale.queriesPerClient();
        CpuAccount.PerCall http = r.queryRun().httpCpu();
        CpuAccount.PerCall sql = r.queryRun().sqlCpu();
        assertThat(http.calls()).isEqualTo(timedCalls);
        assertThat(sql.calls()).isEqualTo(timedCalls);
        assertThat(http.serviceMs()).as("user-query-service's CPU per call over HTTP").isPositive();
        assertThat(http.postgresMs()).as("PostgreSQL's CPU per call over HTTP").isPositive();
        assertThat(sql.postgresMs()).as("PostgreSQL's CPU per statement").isPositive();
        assertThat(sql.serviceMs()).as("no service takes part in SQL calls").isZero();
        assertThat(sql.serviceWaitMs()).isZero();

        assertThat(r.deletions()).extracting(d -> d.platform().users()).containsExactlyElementsOf(scale.deletionSizes());
        assertThat(r.deletions()).allSatisfy(run -> {
            DeletionBenchmark.Result d = run.result();
            Dataset.DeleteAll platform = run.platform();
            assertThat(platform.multiPlatform()).isPositive();
            assertThat(d.reviewed()).isEqualTo(platform.users());
            assertThat(d.predictedRejections()).isEqualTo(platform.multiPlatform());
            assertThat(d.deleted()).isEqualTo(platform.singlePlatform());
            assertThat(d.rejected()).isEqualTo(platform.multiPlatform());
            assertThat(d.alreadyGone()).isZero();
            assertThat(d.longestStillSeconds()).isBetween(0.0, d.deletionSeconds());
            assertThat(d.sql().deletedUsers()).as("the SQL limit deletes the same users").isEqualTo(platform.singlePlatform());
            assertThat(run.membershipsLeft()).as("only multi-platform users stay").isEqualTo(platform.multiPlatform());
            assertThat(run.accessListLeft()).isEqualTo(platform.multiPlatform());
            // the window ends once every consumer has consumed what the deletion produced: the tombstones are applied
            assertThat(run.drained()).isTrue();
            assertThat(run.consumedAt()).containsOnlyKeys(Benchmark.DELETION_CONSUMERS.stream()
                    .map(ConsumerProgress.Consumer::group).toList());
            assertThat(run.readModelRowsLeft()).as("user-query's read model forgot the deleted users")
                    .isEqualTo(platform.multiPlatform());
            assertThat(run.resources()).hasSize(4).allSatisfy(u -> {
                assertThat(u.peakRssMb()).isPositive();
                assertThat(u.peakHeapUsedMb()).as("heap used of " + u.service() + ", sampled").isPositive();
            });
        });
        // the shared stack's services write no GC log: every phase names the four services, with nothing to read
        assertThat(r.phasePauses()).extracting(Benchmark.PhasePauses::phase)
                .containsExactly("start and seeding", "ingest", "queries");
        assertThat(r.phasePauses()).allSatisfy(phase -> assertThat(phase.byService())
                .containsOnlyKeys(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)
                .allSatisfy((service, pauses) -> assertThat(pauses).isNull()));
    }

    @Test
    void aStallLeavesEveryServicesThreadsAndEveryDatabasesBusySessionsBehind(@TempDir Path directory) throws Exception {
        Stack stack = RunningStack.get();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String service : List.of(Stack.MEMBERSHIP, Stack.ORCHESTRATOR)) {
            pids.put(service, stack.pid(service));
        }
        StallDiagnostics diagnostics = new StallDiagnostics(pids, Map.of("orchestrator",
                stack.infrastructure().jdbcUrl("orchestrator")), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD, directory);

        Path file = diagnostics.capture("a test", 12.5);

        String written = Files.readString(file);
        assertThat(written).startsWith("Progress of a test stopped for 12.5 s")
                .contains("== pg_stat_activity of orchestrator").doesNotContain("could not read")
                .contains("== threads of membership-service (pid " + stack.pid(Stack.MEMBERSHIP) + ")")
                .contains("== threads of deletion-orchestrator")
                .contains("Full thread dump").contains("\"kafka-producer-network-thread | outbox-relay\"")
                .doesNotContain("could not run jcmd");
    }
}
