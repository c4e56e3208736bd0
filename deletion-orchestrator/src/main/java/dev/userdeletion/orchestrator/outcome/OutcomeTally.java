package dev.userdeletion.orchestrator.outcome;

import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.util.EnumMap;
import java.util.Map;

/** What one batch of outcomes adds to one request's counts. */
final class OutcomeTally {

    int deleted;
    final Map<RejectionReason, Integer> rejected = new EnumMap<>(RejectionReason.class);
    int alreadyGone;
    /** Items that had been dead-lettered and now have an outcome (after a replay). */
    int recovered;

    void add(ItemOutcome outcome, RejectionReason reason, boolean wasFailed) {
        switch (outcome) {
            case DELETED -> deleted++;
            case REJECTED -> rejected.merge(reason, 1, Integer::sum);
            case ALREADY_GONE -> alreadyGone++;
            case PENDING, FAILED -> throw new IllegalArgumentException(outcome + " is not an outcome of a command");
        }
        if (wasFailed) {
            recovered++;
        }
    }

    int rejected(RejectionReason reason) {
        return rejected.getOrDefault(reason, 0);
    }

    /** The request's counter columns, in the order {@link OutcomeRecorder} updates them; one per reason. */
    Object[] counterDeltas() {
        int multiPlatform = 0;
        int notAMember = 0;
        for (RejectionReason reason : RejectionReason.values()) {
            switch (reason) {
                case MULTI_PLATFORM -> multiPlatform = rejected(reason);
                case NOT_A_MEMBER -> notAMember = rejected(reason);
            }
        }
        return new Object[] {deleted, multiPlatform, notAMember, alreadyGone, recovered};
    }
}
