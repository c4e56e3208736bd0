package dev.userdeletion.contracts;

/**
 * How a reader of {@code membership.user-state} folds two records of the same user into the one that stands: a
 * tombstone is final (user ids are never reused), otherwise the higher revision; of two equal ones the one read first
 * stays. Every consumer of the topic keeps its read model by this one rule.
 */
public final class UserStateFold {

    /** A record of one user's state as a consumer reads it. */
    public interface Version {
        boolean isTombstone();

        /** The state's revision; any value for a tombstone. */
        long revision();
    }

    private UserStateFold() {
    }

    /** Of {@code earlier} and {@code later} (read in that order), the record that stands. */
    public static <T extends Version> T standing(T earlier, T later) {
        if (earlier.isTombstone()) {
            return earlier;
        }
        if (later.isTombstone()) {
            return later;
        }
        return later.revision() > earlier.revision() ? later : earlier;
    }
}
