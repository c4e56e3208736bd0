package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.RejectionReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A CSM follow-up case as the API shows it. */
public record FollowUpCase(UUID caseId, String platformId, UUID requestId, CaseState state, Instant openedAt,
                           Instant closedAt, List<Item> items) {

    /**
     * One user who could not be deleted. {@code email} is the one the directory knew when the case opened;
     * null if it was not known yet or the user has since been deleted altogether.
     */
    public record Item(UUID userId, String email, RejectionReason reason, ItemState state) {
    }
}
