package dev.userdeletion.localstack.benchmark;

import java.util.List;

/**
 * How big a benchmark run is. Platform 0 is the largest (queried). The delete-all platforms come next, each
 * deleted in full, smallest first, to show how the cost grows: platform 1 with {@code deletionPlatform} members
 * (the headline figure), platform 2 with a tenth of that and, when {@code tenfoldDeletion}, platform 3 with ten
 * times that (its users come on top of {@code users}). The other platforms share the remaining users. Every
 * {@code multiPlatformEvery}-th user also belongs to a second platform, always one of the other platforms, so
 * that the sizes of platform 0 and of the delete-all platforms are exact.
 *
 * @param users               distinct users, each on one primary platform (without the tenfold delete-all)
 * @param platforms           number of platforms (without the tenfold delete-all's), at least 5
 * @param largestPlatform     members of platform 0
 * @param deletionPlatform    members of platform 1, the headline delete-all (platform 2 has a tenth of it)
 * @param multiPlatformEvery  one user in this many is on a second platform (10: 10%)
 * @param clients             concurrent HTTP / SQL clients of the query benchmark
 * @param queriesPerClient    measured queries per client and filter combination (after the warm-up)
 * @param maxWarmUpRounds     at most this many warm-up rounds of every query before the timed ones (fewer once the
 *                            service's JIT has settled; small scales, which check results, not speed, keep it low)
 * @param tenfoldDeletion     also a delete-all of ten times {@code deletionPlatform} users (opt-in: it adds as many
 *                            users to seed and ingest)
 */
public record BenchmarkScale(String name, int users, int platforms, int largestPlatform, int deletionPlatform,
                             int multiPlatformEvery, int clients, int queriesPerClient, int maxWarmUpRounds,
                             boolean tenfoldDeletion) {

    public BenchmarkScale {
        if (platforms < 5 || deletionPlatform < 10
                || largestPlatform + deletionPlatform + deletionPlatform / 10 >= users) {
            throw new IllegalArgumentException("Need at least 5 platforms, at least 10 users to delete and users"
                    + " beyond platform 0 and the delete-all platforms");
        }
    }

    /** This scale with a delete-all of ten times {@link #deletionPlatform} users on top. */
    public BenchmarkScale withTenfoldDeletion() {
        return new BenchmarkScale(name, users, platforms, largestPlatform, deletionPlatform, multiPlatformEvery,
                clients, queriesPerClient, maxWarmUpRounds, true);
    }

    /** The sizes of the delete-all platforms in the order they are deleted (smallest first). */
    public List<Integer> deletionSizes() {
        return tenfoldDeletion ? List.of(deletionPlatform / 10, deletionPlatform, deletionPlatform * 10)
                : List.of(deletionPlatform / 10, deletionPlatform);
    }

    /** Users seeded and ingested: {@link #users} plus the tenfold delete-all's. */
    public int totalUsers() {
        return users + (tenfoldDeletion ? deletionPlatform * 10 : 0);
    }

    /** Platforms in all: {@link #platforms} plus the tenfold delete-all's. */
    public int totalPlatforms() {
        return platforms + (tenfoldDeletion ? 1 : 0);
    }

    /**
     * The figures of the issue: 1,000,000 users on 20 platforms, the largest 200,000; delete-all of 10,000 and of
     * 100,000 (and of 1,000,000 more with {@link #withTenfoldDeletion}).
     */
    public static BenchmarkScale full() {
        return new BenchmarkScale("full", 1_000_000, 20, 200_000, 100_000, 10, 8, 25, 40, false);
    }

    /** Minutes-long check of the same harness, for the test suite and for development. */
    public static BenchmarkScale small() {
        return new BenchmarkScale("small", 6_000, 5, 2_000, 1_000, 10, 8, 3, 3, false);
    }

    /** A tenth of the full run: for profiling and tuning on a busy machine. */
    public static BenchmarkScale medium() {
        return new BenchmarkScale("medium", 100_000, 20, 20_000, 10_000, 10, 8, 10, 40, false);
    }

    /** The full delete-all of 100,000 users (and 10,000) on a smaller directory: for profiling the deletion path. */
    public static BenchmarkScale deletion() {
        return new BenchmarkScale("deletion", 200_000, 20, 20_000, 100_000, 10, 8, 2, 3, false);
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
