package dev.userdeletion.orchestrator.request;

import dev.userdeletion.contracts.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome counts of a request and what is derived from them, in one place: {@code pending} (frozen users
 * without an outcome; 0 before confirmation) and {@code stalled}.
 *
 * @param failed users whose command or outcome was dead-lettered; they are pending too
 */
public record Progress(int count, int deleted, Map<RejectionReason, Integer> rejectedByReason, int alreadyGone,
                       int failed) {

    public Progress {
        Map<RejectionReason, Integer> all = new EnumMap<>(RejectionReason.class);
        for (RejectionReason reason : RejectionReason.values()) {
            all.put(reason, rejectedByReason == null ? 0 : rejectedByReason.getOrDefault(reason, 0));
        }
        rejectedByReason = Map.copyOf(all);
    }

    public int rejected() {
        return rejectedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int decided() {
        return deleted + rejected() + alreadyGone;
    }

    /** Users still without an outcome once confirmed. */
    public int pending(RequestState state) {
        boolean confirmed = state == RequestState.CONFIRMED || state == RequestState.COMPLETED;
        return confirmed ? Math.max(0, count - decided()) : 0;
    }

    /**
     * A confirmed request the admin should not wait for: some of its users were dead-lettered, or it has been
     * waiting for outcomes longer than {@code stallAfter}.
     */
    public boolean stalled(RequestState state, Instant confirmedAt, Instant now, Duration stallAfter) {
        if (state != RequestState.CONFIRMED) {
            return false;
        }
        return failed > 0 || (confirmedAt != null && confirmedAt.plus(stallAfter).isBefore(now));
    }

    /** Per reason, in the enum's order, every reason present (0 when none). */
    public Map<String, Integer> rejectedByReasonName() {
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (RejectionReason reason : RejectionReason.values()) {
            byName.put(reason.name(), rejectedByReason.get(reason));
        }
        return byName;
    }
}
