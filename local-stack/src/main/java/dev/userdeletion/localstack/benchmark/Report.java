package dev.userdeletion.localstack.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The figures of a run against the targets, as Markdown. */
final class Report {

    static final double QUERY_P99_MS = 50;
    static final double QUERY_RATIO = 3;
    static final double INGEST_EVENTS_PER_S = 10_000;
    static final double REVIEW_S_PER_100K = 3;
    static final double DELETION_USERS_PER_S = 5_000;
    static final double DELETION_RATIO = 20;
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
        md.append(row("scale", s.name() + ": " + fmt(s.users()) + " users on " + s.platforms() + " platforms, the largest "
                + fmt(s.largestPlatform()) + ", delete-all of " + fmt(s.deletionPlatform()) + ", 1 user in "
                + s.multiPlatformEvery() + " on two platforms; " + s.clients() + " query clients x "
                + s.queriesPerClient() + " queries per combination"));
        md.append(row("machine", before.cores() + " cores (" + before.cpu() + "), " + fmt(before.memoryMb()) + " MB RAM, "
                + before.os()));
        md.append(row("JDK", before.jdk() + "; services run with `-Xmx512m` (default GC)"));
        md.append(row("load average (1/5/15 min)", "at start " + before.loadAverage() + ", at end "
                + after.loadAverage()));
        md.append(row("wall time of the run", String.format(Locale.ROOT, "%.0f s", wallSeconds)));
        md.append("\nEverything runs on this one machine: embedded PostgreSQL 17, a KRaft Kafka broker (both in the"
                + " harness JVM's process tree), the four services as separate JVMs with their Debezium relays, and"
                + " the load generator.\n\n");

        md.append("## Summary\n\n| figure | target | measured | limit | ratio | |\n|---|---|---|---|---|---|\n");
        double ingest = r.ingestEventsPerSecond();
        md.append(String.format(Locale.ROOT, "| projection ingest (%s UserState events) | >= %s events/s | %s events/s"
                        + " (%.1f s) | | | %s |\n", fmt(r.ingestEvents()), fmt((long) INGEST_EVENTS_PER_S), fmt((long) ingest),
                r.ingestSeconds(), "", pass(ingest >= INGEST_EVENTS_PER_S)));
        double worstP99 = r.queries().stream().mapToDouble(q -> q.http().p99()).max().orElse(0);
        double worstRatio = r.queries().stream().mapToDouble(Report::ratio).max().orElse(0);
        md.append(String.format(Locale.ROOT, "| query p99, worst of %d combinations | <= %.0f ms | %.1f ms | | | %s |\n",
                r.queries().size(), QUERY_P99_MS, worstP99, pass(worstP99 <= QUERY_P99_MS)));
        md.append(String.format(Locale.ROOT, "| query HTTP/SQL p99 ratio, worst | <= %.0f | %.1f | | | %s |\n",
                QUERY_RATIO, worstRatio, pass(worstRatio <= QUERY_RATIO)));
        DeletionBenchmark.Result d = r.deletion();
        double reviewTarget = REVIEW_S_PER_100K * d.reviewed() / 100_000.0;
        md.append(String.format(Locale.ROOT, "| review of %s users | <= %.2f s | %.2f s | | | %s |\n", fmt(d.reviewed()),
                reviewTarget, d.reviewSeconds(), pass(d.reviewSeconds() <= reviewTarget)));
        double deletionRatio = d.deletionSeconds() / d.sqlSeconds();
        md.append(String.format(Locale.ROOT, "| delete-all, confirmation to COMPLETED | >= %s users/s | %s users/s"
                        + " (%.2f s) | %s users/s (%.2f s, one SQL transaction) | %.1f (<= %.0f) | %s |\n",
                fmt((long) DELETION_USERS_PER_S), fmt((long) d.usersPerSecond()), d.deletionSeconds(),
                fmt((long) (d.reviewed() / d.sqlSeconds())), d.sqlSeconds(), deletionRatio, DELETION_RATIO,
                pass(d.usersPerSecond() >= DELETION_USERS_PER_S && deletionRatio <= DELETION_RATIO)));
        for (ResourceMonitor.Usage u : r.resources()) {
            boolean ok = u.peakHeapMb() != null && u.peakHeapMb() <= HEAP_MB && u.maxPauseMs() <= LONG_PAUSE_MS;
            String heap = u.peakHeapMb() == null ? "n/a"
                    : u.pauses() == 0 ? "no GC in the window," : u.peakHeapMb() + " MB heap,";
            md.append(String.format(Locale.ROOT, "| %s during delete-all: peak heap, longest GC pause | <= %d MB, no"
                            + " pause > %.0f ms | %s %s ms longest of %d pauses, %s MB peak RSS | | | %s |\n",
                    u.service(), HEAP_MB, LONG_PAUSE_MS, heap,
                    u.maxPauseMs() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", u.maxPauseMs()), u.pauses(),
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

        md.append("\n## 2. Query latency\n\nPlatform `" + Dataset.platform(0) + "` (" + fmt(s.largestPlatform())
                + " users), page size " + QueryBenchmark.PAGE_SIZE + ", " + s.clients() + " concurrent clients, each"
                + " running every query " + QueryBenchmark.WARM_UP_ROUNDS + " times to warm up (all combinations, before anything is"
                + " timed) and then, per combination, once more and " + s.queriesPerClient() + " timed times. HTTP: `GET"
                + " /api/platforms/{id}/users` through `ApiClient` (including JSON parsing in the client). SQL (the"
                + " limit): the statements the service runs for that page (the page, plus the total unless the page"
                + " shows the end: a sum over the platform's tally by role and login day without an email term, a"
                + " count of the matching users with one), same session settings, one read-only repeatable-read transaction, "
                + s.clients() + " connections. Email term `" + Dataset.EMAIL_TERM + "`, role `MENTOR`, last login on"
                + " or before one year ago. `VACUUM (ANALYZE)` ran after ingest (the settled state autovacuum reaches"
                + " after a bulk load). Every HTTP answer was compared with the SQL answer (ids in order and total).\n\n");
        md.append("| filter / sort / page | matches | HTTP p50 | HTTP p99 | HTTP max | SQL p50 | SQL p99 | p99 ratio |"
                + " same result | |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (QueryBenchmark.Result q : r.queries()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |\n",
                    q.query().label(), fmt(q.total()), q.http().p50(), q.http().p99(), q.http().max(), q.sql().p50(),
                    q.sql().p99(), ratio(q), q.matches() ? "yes" : "**NO**",
                    pass(q.http().p99() <= QUERY_P99_MS && ratio(q) <= QUERY_RATIO)));
        }
        md.append("\n(milliseconds)\n");

        md.append("\n## 3. Deletion end to end\n\n");
        md.append(String.format(Locale.ROOT, "Platform `%s`: %s users, %s of them also on another platform. A request"
                        + " with selection `ALL_USERS`, reviewed (`POST .../review`: **%.2f s** for %s users, %s predicted"
                        + " rejections), then confirmed with the typed count and polled every 50 ms until `COMPLETED`:"
                        + " **%.2f s, %s users/s**. Outcome: %s deleted, %s rejected, %s already gone (expected %s"
                        + " deleted, %s rejected); afterwards the platform has %s memberships and %s access-list entries"
                        + " left in membership-service (the multi-platform users).\n\n",
                Dataset.platform(1), fmt(s.deletionPlatform()), fmt(r.expectedRejected()), d.reviewSeconds(),
                fmt(d.reviewed()), fmt(d.predictedRejections()), d.deletionSeconds(), fmt((long) d.usersPerSecond()),
                fmt(d.deleted()), fmt(d.rejected()), fmt(d.alreadyGone()), fmt(r.expectedDeleted()),
                fmt(r.expectedRejected()), fmt(r.membershipsLeftOnPlatform()), fmt(r.accessListLeftOnPlatform())));
        md.append(String.format(Locale.ROOT, "The limit: one transaction in membership-service's database that finds"
                        + " the platform's single-platform users and deletes their access-list entries, memberships and"
                        + " user rows (%s users): **%.2f s**, run just before the end-to-end run and rolled back."
                        + " Ratio end to end / limit: **%.1f**.\n", fmt(d.sqlDeletedUsers()), d.sqlSeconds(),
                deletionRatio));

        md.append("\n## 4. Resources during the deletion run\n\nFrom review to `COMPLETED`. Heap: the largest heap"
                + " occupancy before a collection in the JVM's GC log (`-Xlog:gc`); RSS: the process's peak resident"
                + " set (`VmHWM`, reset at the start, and `VmRSS` sampled every 250 ms).\n\n");
        md.append("| service | peak heap (MB) | heap committed (MB) | GC pauses | longest pause (ms) | peak RSS (MB) |\n"
                + "|---|---|---|---|---|---|\n");
        for (ResourceMonitor.Usage u : r.resources()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %d |\n", u.service(),
                    u.peakHeapMb() == null ? "n/a" : u.peakHeapMb(), u.heapCommittedMb() == null ? "n/a" : u.heapCommittedMb(),
                    u.pauses(), u.maxPauseMs() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", u.maxPauseMs()),
                    u.peakRssMb()));
        }
        return md.toString();
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

    static double ratio(QueryBenchmark.Result q) {
        return q.http().p99() / Math.max(q.sql().p99(), 0.001);
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
