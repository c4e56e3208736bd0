package dev.userdeletion.localstack.benchmark;

/**
 * How big a benchmark run is. Platform 0 is the largest (queried), platform 1 is deleted in full; the
 * other platforms share the remaining users. Every {@code multiPlatformEvery}-th user also belongs to a
 * second platform (never platform 0 or 1, so their sizes are exact).
 *
 * @param users               distinct users, each on one primary platform
 * @param platforms           number of platforms (at least 4)
 * @param largestPlatform     members of platform 0
 * @param deletionPlatform    members of platform 1, the one whose users are all deleted
 * @param multiPlatformEvery  one user in this many is on a second platform (10: 10%)
 * @param clients             concurrent HTTP / SQL clients of the query benchmark
 * @param queriesPerClient    measured queries per client and filter combination (after the warm-up)
 */
public record BenchmarkScale(String name, int users, int platforms, int largestPlatform, int deletionPlatform,
                             int multiPlatformEvery, int clients, int queriesPerClient) {

    public BenchmarkScale {
        if (platforms < 4 || largestPlatform + deletionPlatform >= users) {
            throw new IllegalArgumentException("Need at least 4 platforms and users beyond platforms 0 and 1");
        }
    }

    /** The figures of the issue: 1,000,000 users on 20 platforms, the largest 200,000, 100,000 deleted. */
    public static BenchmarkScale full() {
        return new BenchmarkScale("full", 1_000_000, 20, 200_000, 100_000, 10, 8, 25);
    }

    /** Minutes-long check of the same harness, for the test suite and for development. */
    public static BenchmarkScale small() {
        return new BenchmarkScale("small", 6_000, 5, 2_000, 1_000, 10, 8, 3);
    }

    /** A tenth of the full run: for profiling and tuning on a busy machine. */
    public static BenchmarkScale medium() {
        return new BenchmarkScale("medium", 100_000, 20, 20_000, 10_000, 10, 8, 10);
    }

    /** The full delete-all of 100,000 users on a smaller directory: for profiling the deletion path. */
    public static BenchmarkScale deletion() {
        return new BenchmarkScale("deletion", 200_000, 20, 20_000, 100_000, 10, 8, 2);
    }

    public static BenchmarkScale named(String name) {
        return switch (name) {
            case "full" -> full();
            case "medium" -> medium();
            case "small" -> small();
            case "deletion" -> deletion();
            default -> throw new IllegalArgumentException("Unknown scale " + name + " (small, medium, deletion, full)");
        };
    }
}
