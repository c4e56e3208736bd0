package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The figures of a run against the targets, as Markdown. */
final class Report {

    static final double QUERY_P99_MS = 50;
    static final double QUERY_RATIO = 2;
    static final double INGEST_EVENTS_PER_S = 10_000;
    static final double REVIEW_S_PER_100K = 2;
    static final double DELETION_USERS_PER_S = 5_000;
    static final double DELETION_RATIO = 5;
    static final long HEAP_MB = 512;
    /** A GC pause longer than this counts as long for an interactive service. */
    static final double LONG_PAUSE_MS = 200;

    private Report() {
    }

    static String markdown(Benchmark.Results r, Machine before, Machine after, String command, double wallSeconds) {
        StringBuilder md = new StringBuilder();
        BenchmarkScale s = r.scale();
        md.append("# Benchmarks\n\n");
        md.append("Written by the benchmark harness (`local-stack`, `dev.userdeletion.localstack.benchmark.Benchmark`);"
                + " run it again rather than editing the figures. Only the section `" + NOTES_HEADING + "` at the end is"
                + " written by hand; the harness keeps it.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append(row("date", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(before.at().atOffset(ZoneOffset.UTC)
                .withNano(0)) + " UTC"));
        md.append(row("command", "`" + command + "`"));
        md.append(row("scale", s.name() + ": " + fmt(s.totalUsers()) + " users on " + s.totalPlatforms()
                + " platforms, the largest " + fmt(s.largestPlatform()) + ", delete-all of " + String.join(" and ",
                s.deletionSizes().stream().map(n -> fmt(n)).toList()) + ", 1 user in " + s.multiPlatformEvery()
                + " on two platforms; " + s.clients() + " query clients x " + s.queriesPerClient()
                + " queries per combination"));
        md.append(row("machine", before.cores() + " cores (" + before.cpu() + "), " + fmt(before.memoryMb()) + " MB RAM, "
                + before.os()));
        md.append(row("JDK", before.jdk() + "; services run with `" + String.join(" ", Benchmark.SERVICE_JVM)
                + "` (default GC)"));
        md.append(row("load average (1/5/15 min)", "at start " + before.loadAverage() + ", at end "
                + after.loadAverage()));
        md.append(row("wall time of the run", String.format(Locale.ROOT, "%.0f s", wallSeconds)));
        md.append("\nEverything runs on this one machine: embedded PostgreSQL 17 (two servers: the databases with an"
                + " outbox, and user-query-service's read model in one without logical decoding), a KRaft Kafka broker"
                + " (both in the harness JVM's process tree), the four services as separate JVMs with their Debezium"
                + " relays, and the load generator.\n\n");

        md.append("## Summary\n\n| figure | target | measured | limit | ratio | |\n|---|---|---|---|---|---|\n");
        double ingest = r.ingestEventsPerSecond();
        md.append(String.format(Locale.ROOT, "| projection ingest (%s UserState events) | >= %s events/s | %s events/s"
                        + " (%.1f s) | | | %s |\n", fmt(r.ingestEvents()), fmt((long) INGEST_EVENTS_PER_S), fmt((long) ingest),
                r.ingestSeconds(), pass(ingest >= INGEST_EVENTS_PER_S)));
        double worstP99 = r.queries().stream().mapToDouble(q -> q.http().latencies().p99()).max().orElse(0);
        double worstRatio = r.queries().stream().mapToDouble(Report::ratio).max().orElse(0);
        md.append(String.format(Locale.ROOT, "| query p99, worst of %d combinations (deep pages by offset and by"
                        + " cursor included) | <= %.0f ms | %.1f ms | | | %s |\n",
                r.queries().size(), QUERY_P99_MS, worstP99, pass(worstP99 <= QUERY_P99_MS)));
        md.append(String.format(Locale.ROOT, "| query HTTP/SQL p99 ratio, worst | <= %.0f | %.1f | | | %s |\n",
                QUERY_RATIO, worstRatio, pass(worstRatio <= QUERY_RATIO)));
        Benchmark.DeleteAllRun headline = r.headline();
        DeletionBenchmark.Result d = headline.result();
        double reviewTarget = REVIEW_S_PER_100K * d.reviewed() / 100_000.0;
        md.append(String.format(Locale.ROOT, "| review of %s users | <= %.2f s | %.2f s | | | %s |\n", fmt(d.reviewed()),
                reviewTarget, d.reviewSeconds(), pass(d.reviewSeconds() <= reviewTarget)));
        md.append(String.format(Locale.ROOT, "| delete-all of %s, confirmation to COMPLETED | >= %s users/s | %s users/s"
                        + " (%.2f s) | %s users/s (%.2f s, one SQL transaction) | %.1f (<= %.0f) | %s |\n",
                fmt(d.reviewed()), fmt((long) DELETION_USERS_PER_S), fmt((long) d.usersPerSecond()), d.deletionSeconds(),
                fmt((long) d.sqlUsersPerSecond()), d.sql().seconds(), d.ratio(), DELETION_RATIO,
                pass(d.usersPerSecond() >= DELETION_USERS_PER_S && d.ratio() <= DELETION_RATIO)));
        for (int i = 1; i < r.deletions().size(); i++) {
            Benchmark.DeleteAllRun small = r.deletions().get(i - 1);
            Benchmark.DeleteAllRun large = r.deletions().get(i);
            md.append(String.format(Locale.ROOT, "| delete-all cost growth, %s -> %s users (x%.0f) | linear: time"
                            + " x%.0f | time x%.1f (%s -> %s users/s) | time x%.1f (one SQL transaction) | | |\n",
                    fmt(small.platform().users()), fmt(large.platform().users()), growth(small, large),
                    growth(small, large), timeGrowth(small, large), fmt((long) small.result().usersPerSecond()),
                    fmt((long) large.result().usersPerSecond()),
                    large.result().sql().seconds() / small.result().sql().seconds()));
        }
        md.append(String.format(Locale.ROOT, "| delete-all of %s: tombstones applied to user-query's read model,"
                        + " from the confirmation | | %s (COMPLETED at %.2f s) | | | |\n", fmt(d.reviewed()),
                seconds(headline.readModelSeconds()), d.deletionSeconds()));
        for (ResourceMonitor.Usage u : headline.resources()) {
            // a sample may miss the moment before a collection: the GC log's figure counts too
            long peak = Math.max(u.peakHeapUsedMb() == null ? 0 : u.peakHeapUsedMb(),
                    u.heapBeforeGcMb() == null ? 0 : u.heapBeforeGcMb());
            boolean ok = u.peakHeapUsedMb() != null && peak <= HEAP_MB && u.maxPauseMs() != null
                    && u.maxPauseMs() <= LONG_PAUSE_MS;
            md.append(String.format(Locale.ROOT, "| %s during the delete-all of %s and its aftermath: peak heap used,"
                            + " longest GC pause | <= %d MB, no pause > %.0f ms | %s MB heap used (sampled every %d ms),"
                            + " %s; %s ms longest of %s pauses%s; %d MB peak RSS | | | %s |\n",
                    u.service(), fmt(d.reviewed()), HEAP_MB, LONG_PAUSE_MS, orNa(u.peakHeapUsedMb()),
                    ResourceMonitor.SAMPLE_MILLIS, u.heapBeforeGcMb() == null ? "no GC"
                            : u.heapBeforeGcMb() + " MB before a GC (GC log)",
                    u.maxPauseMs() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", u.maxPauseMs()),
                    orNa(u.pauses()),
                    u.maxPauseCpuMs() == null ? "" : " (its CPU " + cpuMs(u.maxPauseCpuMs()) + " ms)",
                    u.peakRssMb(), pass(ok)));
        }

        md.append("\n## 1. Projection ingest\n\n");
        md.append(String.format(Locale.ROOT, "%s `UserState` events published straight to `membership.user-state` (the"
                        + " relay's key and headers, an lz4 producer), timed from the first send until user-query-service"
                        + " had committed the last offset: **%.1f s, %s events/s**. The read model then held %s rows"
                        + " (expected %s). %s\n", fmt(r.ingestEvents()), r.ingestSeconds(), fmt((long) ingest),
                fmt(r.projectedRows()), fmt(r.expectedRows()), r.notificationCatchUpSeconds() < 0
                        ? "notification-service's contact directory had not caught up after 5 minutes; the query"
                        + " benchmark started anyway, so it competed with that for the CPU."
                        : String.format(Locale.ROOT, "notification-service's contact directory had caught up after"
                        + " %.1f s; the query benchmark starts after that, so it does not compete for the CPU.",
                        r.notificationCatchUpSeconds())));
        IngestCpu.Profile cpu = r.ingestCpu();
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format(Locale.ROOT, "\nWhere the CPU went during the ingest (user + system time from `/proc`,"
                        + " from the first send until user-query-service had committed the last offset): %.1f CPU-s in"
                        + " %.1f s, %.0f %% of the %d cores; per event %.0f µs.\n\n", cpu.totalCpuSeconds(),
                cpu.windowSeconds(), 100 * cpu.totalCpuSeconds() / (cores * cpu.windowSeconds()), cores,
                cpu.totalCpuSeconds() * 1e6 / r.ingestEvents()));
        md.append("| process | CPU (s) | per event (µs) | share |\n|---|---|---|---|\n");
        for (IngestCpu.Share share : cpu.shares()) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f %% |\n", share.process(),
                    share.cpuSeconds(), share.microsPerEvent(), 100 * share.cpuSeconds() / cpu.totalCpuSeconds()));
        }

        md.append("\n## 2. Query latency\n\nPlatform `" + Dataset.platform(0) + "` (" + fmt(s.largestPlatform())
                + " users), page size " + QueryBenchmark.PAGE_SIZE + ", " + s.clients() + " concurrent clients, each"
                + " running every query (all combinations, over HTTP and in SQL) in rounds to warm up before anything"
                + " is timed: at least " + QueryBenchmark.WARM_UP_ROUNDS + " rounds, then until a round made"
                + " user-query-service's JIT compilers compile at most " + QueryBenchmark.SETTLED_COMPILES
                + " methods (at most " + s.maxWarmUpRounds() + "; this run: "
                + r.queryRun().warmUp().rounds() + " rounds, " + r.queryRun().warmUp().lastRoundCompiles()
                + " methods compiled in the last), the steady state of a service that has been answering for a while;"
                + " then, per combination, untimed batches (every client " + s.queriesPerClient() + " calls) until"
                + " one in which the JIT compilers of user-query-service and of the load generator compiled for at"
                + " most " + Math.round(QueryBenchmark.SETTLED_JIT_SHARE * 100) + " % of the batch's time (for at most "
                + QueryBenchmark.MAX_SETTLING.toSeconds() + " s: the rounds run every combination, so code that"
                + " only some combinations run is compiled when they run alone), then " + s.queriesPerClient()
                + " timed calls per client."
                + " HTTP: `GET /api/platforms/{id}/users` on a kept-alive connection per client (`PageFetcher`:"
                + " `HttpURLConnection` on the client's thread, the answer read whole and parsed as JSON)."
                + " The deep page (page " + (QueryBenchmark.DEEP_PAGE + 1) + ", or the last page when there are fewer"
                + " matches) is fetched two ways: by number (`page=`, an OFFSET) and by cursor (`after=` the"
                + " `nextCursor` of the page before it, obtained once before timing by asking for that page by number;"
                + " every timed call sends the same cursor). SQL (the limit): the one statement the service runs for"
                + " that page (the page and its total together: the total a sum over the platform's tally by role and"
                + " login day without an email term, with one a count of the matching users up to "
                + fmt(QueryBenchmark.TOTAL_BOUND + 1) + "; the page by OFFSET, or by keyset after the cursor's row;"
                + " a page by number with an email term walks the matches once, in its order, for both; one in"
                + " last-login order without a term starts on the login day where the tally's users before it reach"
                + " its offset),"
                + " same session settings, in autocommit as the service runs it (one statement, no transaction"
                + " around it), " + s.clients() + " connections."
                + " Email term `" + Dataset.EMAIL_TERM + "`, role `MENTOR`, last login on or before one year ago."
                + " `VACUUM (ANALYZE)` ran after ingest (the settled state autovacuum reaches after a bulk load). Every"
                + " HTTP answer was compared with the SQL answer (ids in order, total and whether it is exact), and"
                + " each page by cursor with the same page by number. Matches: the exact number of matching users;"
                + " the page's total is shown as \"1,000+\" where the service answers a lower bound"
                + " (`totalIsExact: false`).\n\n");
        md.append("| filter / sort / page | matches | HTTP p50 | HTTP p99 | HTTP max | SQL p50 | SQL p99 | p99 ratio |"
                + " same result | |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (QueryBenchmark.Result q : r.queries()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |\n",
                    q.query().label(), fmt(q.matchingUsers()) + (q.totalIsExact() ? "" : " (total " + fmt(q.total())
                            + "+)"), q.http().latencies().p50(), q.http().latencies().p99(),
                    q.http().latencies().max(), q.sql().latencies().p50(), q.sql().latencies().p99(), ratio(q),
                    q.matches() ? "yes" : "**NO**",
                    pass(q.http().latencies().p99() <= QUERY_P99_MS && ratio(q) <= QUERY_RATIO)));
        }
        md.append("\n(milliseconds)\n");
        md.append(cpuPerCall(r.queryRun(), r.scale().clients(), before.cores()));
        md.append(timeSpent(r.queries()));
        md.append("\nThe plans: `EXPLAIN (ANALYZE, BUFFERS)` of each page's statement, once, after its timed runs (warm"
                + " cache, one client). Every scan names its index; a sequential scan of `platform_user` would mean the"
                + " platform-scoped indexes were not used.\n\n| filter / sort / page | scans | shared buffers hit / read |"
                + " execution (ms) | |\n|---|---|---|---|---|\n");
        for (QueryBenchmark.Result q : r.queries()) {
            QueryPlan plan = q.plan();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s / %s | %.1f | %s |\n", q.query().label(),
                    String.join("; ", plan.scans()), fmt(plan.sharedHit()), fmt(plan.sharedRead()), plan.executionMs(),
                    plan.scansSequentially("platform_user") ? "**sequential scan**" : "indexed"));
        }

        md.append("\n## 3. Deletion end to end\n\n");
        md.append("Each delete-all platform in turn, smallest first: a request with selection `ALL_USERS`, reviewed"
                + " (`POST .../review`), then confirmed with the typed count and polled every 50 ms until `COMPLETED`."
                + " Users on another platform too are rejected (they stay). The limit: one transaction in"
                + " membership-service's database that finds the platform's single-platform users and deletes their"
                + " access-list entries, memberships and user rows, run just before and rolled back. The consumers"
                + " afterwards: seconds from the confirmation until a consumer group had committed up to the end"
                + " offsets of the deletion's topics (`deletion.commands`, `deletion.outcomes`, `membership.user-state`,"
                + " `deletion.requests`, taken once both relays' outboxes were empty), sampled every "
                + ConsumerProgress.SAMPLE_MILLIS + " ms: user-query-service's read model (the tombstones applied: the"
                + " platform's rows gone), notification-service (the slowest of its contact directory, its outcome"
                + " and its request consumers). Counts still: the longest time the request's counts (deleted,"
                + " rejected, already gone, polled every 50 ms) did not move between the confirmation and COMPLETED;"
                + " after 10 s the harness writes what every service and database was doing to `stall-*.txt`"
                + " next to the services' logs.\n\n");
        md.append("| delete-all of | review (s) | confirmation to COMPLETED (s) | users/s | one SQL transaction (s) |"
                + " SQL users/s | ratio | counts still, longest (s) | user-query read model (s) |"
                + " notification-service (s) | window (s) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Benchmark.DeleteAllRun run : r.deletions()) {
            DeletionBenchmark.Result x = run.result();
            md.append(String.format(Locale.ROOT, "| %s (`%s`) | %.2f | %.2f | %s | %.2f | %s | %.1f | %.2f | %s | %s | %.1f%s |\n",
                    fmt(run.platform().users()), run.platform().platformId(), x.reviewSeconds(), x.deletionSeconds(),
                    fmt((long) x.usersPerSecond()), x.sql().seconds(), fmt((long) x.sqlUsersPerSecond()), x.ratio(),
                    x.longestStillSeconds(),
                    plain(run.readModelSeconds()), plain(run.notificationSeconds()), run.windowSeconds(),
                    run.drained() ? "" : " (consumers had not caught up)"));
        }
        md.append("\nWhat each left behind (expected: the users on another platform too, who are rejected):\n\n"
                + "| delete-all of | deleted | rejected | already gone | SQL limit deleted | predicted rejections |"
                + " memberships left | access-list entries left | read-model rows left |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Benchmark.DeleteAllRun run : r.deletions()) {
            DeletionBenchmark.Result x = run.result();
            Dataset.DeleteAll p = run.platform();
            md.append(String.format(Locale.ROOT, "| %s | %s (expected %s) | %s (expected %s) | %s | %s | %s | %s | %s"
                            + " | %s |\n", fmt(p.users()), fmt(x.deleted()), fmt(p.singlePlatform()), fmt(x.rejected()),
                    fmt(p.multiPlatform()), fmt(x.alreadyGone()), fmt(x.sql().deletedUsers()),
                    fmt(x.predictedRejections()), fmt(run.membershipsLeft()), fmt(run.accessListLeft()),
                    fmt(run.readModelRowsLeft())));
        }

        md.append("\n## 4. Resources during the deletion runs\n\nEach window runs from the review until every"
                + " consumer had consumed everything the deletion produced (the window column above), so it includes"
                + " user-query-service and notification-service applying the tombstones after `COMPLETED`. Heap used:"
                + " the largest of the samples taken every " + ResourceMonitor.SAMPLE_MILLIS + " ms from each JVM's"
                + " performance counters (hsperfdata, what `jstat` reads; it costs the services nothing), so it is"
                + " measured whether or not a collection runs; committed likewise. Before GC: the largest heap"
                + " occupancy before a collection in the JVM's GC log (`-Xlog:gc,gc+cpu`), with the pauses and the CPU"
                + " time of each (user + system of all the collector's threads; the log rounds it to 10 ms): a pause"
                + " far longer than its CPU waited for a core. RSS: the process's"
                + " peak resident set (`VmHWM`, reset at the start, and `VmRSS` sampled every "
                + ResourceMonitor.SAMPLE_MILLIS + " ms).\n\n");
        md.append("| delete-all of | service | peak heap used, sampled (MB) | heap committed, sampled (MB) | heap before"
                + " GC, largest (MB) | GC pauses | longest pause (ms) | its CPU (ms) | peak RSS (MB) |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Benchmark.DeleteAllRun run : r.deletions()) {
            for (ResourceMonitor.Usage u : run.resources()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n",
                        fmt(run.platform().users()), u.service(), orNa(u.peakHeapUsedMb()), orNa(u.heapCommittedMb()),
                        u.heapBeforeGcMb() == null ? (u.pauses() == null ? "n/a" : "no GC") : u.heapBeforeGcMb(),
                        orNa(u.pauses()), u.maxPauseMs() == null ? "n/a"
                                : String.format(Locale.ROOT, "%.1f", u.maxPauseMs()), u.maxPauseCpuMs() == null
                                ? "n/a" : cpuMs(u.maxPauseCpuMs()), u.peakRssMb()));
            }
        }
        if (r.phasePauses().stream().anyMatch(p -> p.byService().values().stream().anyMatch(Objects::nonNull))) {
            md.append("\nThe other phases of the run, outside the windows above: each service's longest GC pause (ms),"
                    + " its CPU time (ms) and the number of pauses.\n\n| service |");
            r.phasePauses().forEach(p -> md.append(' ').append(p.phase()).append(" |"));
            md.append("\n|---|").append("---|".repeat(r.phasePauses().size())).append('\n');
            for (String service : r.phasePauses().getFirst().byService().keySet()) {
                md.append("| ").append(service).append(" |");
                for (Benchmark.PhasePauses phase : r.phasePauses()) {
                    ResourceMonitor.GcPauses gc = phase.byService().get(service);
                    md.append(' ').append(gc == null ? "n/a" : gc.count() == 0 ? "no GC"
                            : String.format(Locale.ROOT, "%.1f (CPU %s) of %d", gc.maxPauseMs(),
                                    gc.maxPauseCpuMs() == null ? "n/a" : cpuMs(gc.maxPauseCpuMs()), gc.count()))
                            .append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** A pause's CPU time as the GC log gives it, in steps of 10 ms. */
    private static String cpuMs(double ms) {
        return ms < 10 ? "under 10" : String.format(Locale.ROOT, "%.0f", ms);
    }

    private static double growth(Benchmark.DeleteAllRun small, Benchmark.DeleteAllRun large) {
        return (double) large.platform().users() / small.platform().users();
    }

    private static double timeGrowth(Benchmark.DeleteAllRun small, Benchmark.DeleteAllRun large) {
        return large.result().deletionSeconds() / small.result().deletionSeconds();
    }

    private static String seconds(Double value) {
        return value == null ? "not caught up" : String.format(Locale.ROOT, "%.2f s", value);
    }

    private static String plain(Double value) {
        return value == null ? "not caught up" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String orNa(Object value) {
        return value == null ? "n/a" : value.toString();
    }

    /** Everything from this heading on in an existing report is written by hand and kept by the next run. */
    static final String NOTES_HEADING = "## Analysis";

    /** The hand-written analysis of an earlier report at {@code output}, if any. */
    static String keptNotes(Path output) throws IOException {
        if (!Files.isRegularFile(output)) {
            return "";
        }
        String previous = Files.readString(output);
        int at = previous.indexOf("\n" + NOTES_HEADING);
        return at < 0 ? "" : previous.substring(at);
    }

    /** Where a call's time goes when every process shares the machine's cores: its CPU, process by process. */
    static String cpuPerCall(QueryBenchmark.Run run, int clients, int cores) {
        CpuAccount.PerCall http = run.httpCpu();
        CpuAccount.PerCall sql = run.sqlCpu();
        return String.format(Locale.ROOT, "\nCPU per timed call, all combinations together (user + system time from"
                + " `/proc`, from the first client's first timed call to the last client's last): over HTTP (%s calls)"
                + " user-query-service %.2f ms, PostgreSQL %.2f ms, the harness (load generator; the broker, idle)"
                + " %.2f ms, in all **%.2f ms**; in SQL (%s calls) PostgreSQL %.2f ms, the harness (JDBC) %.2f ms, in"
                + " all **%.2f ms**. With %d clients in a closed loop on %d cores a call waits for the others: about"
                + " %d × its CPU / %d, %.1f ms over HTTP and %.1f ms in SQL on average (the medians above are"
                + " per combination). Time their threads spent runnable, waiting for a core (the scheduler's"
                + " run-queue delay, `/proc/<pid>/task/<tid>/schedstat`), per call: over HTTP user-query-service"
                + " %.2f ms, PostgreSQL %.2f ms, the harness %.2f ms, in all **%.2f ms**; in SQL PostgreSQL %.2f ms,"
                + " the harness %.2f ms, in all **%.2f ms**.\n", fmt(http.calls()), http.serviceMs(),
                http.postgresMs(), http.harnessMs(), http.totalMs(), fmt(sql.calls()), sql.postgresMs(),
                sql.harnessMs(), sql.totalMs(), clients, cores, clients, cores, clients * http.totalMs() / cores,
                clients * sql.totalMs() / cores, http.serviceWaitMs(), http.postgresWaitMs(), http.harnessWaitMs(),
                http.totalWaitMs(), sql.postgresWaitMs(), sql.harnessWaitMs(), sql.totalWaitMs());
    }

    /**
     * Per combination, where a timed call's time went: its mean latency against the CPU and the run-queue delay of
     * every process per call (the rest is time parked, e.g. waiting for a place among the service's concurrent
     * queries), and whether a JIT compiler worked while it was timed.
     */
    static String timeSpent(List<QueryBenchmark.Result> queries) {
        StringBuilder md = new StringBuilder("\nWhere a timed call's time went, per combination: the mean latency, the"
                + " CPU of every process per call and their time waiting for a core per call (summed over the"
                + " processes: a call's steps run one after the other), the untimed batches run until the JIT"
                + " compilers had settled, and the time the JIT compilers of user-query-service and of the load"
                + " generator still compiled for while the combination was timed. What the mean has beyond CPU and"
                + " waiting for a core, a call spent parked: over HTTP mostly waiting its turn among the queries"
                + " user-query-service runs at once (`user-query.directory.concurrent-queries`), in place of a core"
                + " among more backends.\n\n| filter / sort / page | HTTP mean | CPU | waiting for a"
                + " core | settling batches | JIT while timed | SQL mean | CPU | waiting for a core | settling"
                + " batches | JIT while timed |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (QueryBenchmark.Result q : queries) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s |\n", q.query().label(), spent(q.http()),
                    spent(q.sql())));
        }
        return md.append("\n(milliseconds)\n").toString();
    }

    private static String spent(QueryBenchmark.Timing t) {
        return String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %d | %.0f", t.latencies().mean(), t.cost().totalMs(),
                t.cost().totalWaitMs(), t.settlingBatches(), t.jitMs());
    }

    static double ratio(QueryBenchmark.Result q) {
        return q.http().latencies().p99() / Math.max(q.sql().latencies().p99(), 0.001);
    }

    private static String row(String key, String value) {
        return "| " + key + " | " + value + " |\n";
    }

    private static String pass(boolean ok) {
        return ok ? "met" : "**missed**";
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
