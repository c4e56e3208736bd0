package dev.userdeletion.orchestrator.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userdeletion.contracts.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deletion request as the API shows it (API.md): {@code version} (bumped by every change; also the {@code ETag})
 * and {@code reviewVersion} (the identity of the frozen snapshot a confirmation must name; null while DRAFT), plus a
 * few added fields: {@code failed} (users whose command or outcome went to a dead-letter topic; they count as
 * pending, and the request is {@code stalled} at once), {@code unknownCount} and
 * {@code unknownUserIds} (selected ids that review did not keep because they are not members of this platform;
 * the list holds at most the first 1,000), {@code createdBy}, {@code confirmedBy}, {@code cancelledAt} and
 * {@code stalled} (confirmed longer ago than {@code orchestrator.stall-after} and still waiting for outcomes).
 * {@code count} and {@code predictedRejections} are null until the request is reviewed; {@code pending} is 0
 * before confirmation, and {@code count = deleted + rejected + alreadyGone + pending} once confirmed.
 */
@JsonPropertyOrder({"requestId", "platformId", "state", "version", "reviewVersion", "selection", "count",
        "predictedRejections", "unknownCount", "unknownUserIds", "deleted", "rejected", "alreadyGone", "pending",
        "failed", "rejectedByReason", "createdAt", "reviewedAt", "confirmedAt", "completedAt", "cancelledAt",
        "createdBy", "confirmedBy", "stalled"})
public record RequestView(UUID requestId, String platformId, RequestState state, int version, Integer reviewVersion,
                          SelectionView selection, Integer count, Integer predictedRejections, Integer unknownCount,
                          List<UUID> unknownUserIds, int deleted, int rejected, int alreadyGone, int pending,
                          int failed, Map<String, Integer> rejectedByReason, Instant createdAt, Instant reviewedAt,
                          Instant confirmedAt, Instant completedAt, Instant cancelledAt, String createdBy,
                          String confirmedBy, boolean stalled) {

    /**
     * The selection: USERS has {@code userIds}; FILTER has {@code filter} and {@code excludedUserIds}; ALL_USERS
     * has {@code excludedUserIds}. {@code userCount} / {@code excludedCount} say how many ids there are.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"mode", "userIds", "userCount", "filter", "excludedUserIds", "excludedCount"})
    public record SelectionView(String mode, List<UUID> userIds, Integer userCount, FilterView filter,
                                List<UUID> excludedUserIds, Integer excludedCount) {
    }

    /**
     * {@code emailWithheld} is present (true) only in views for callers from outside the platform (auditors),
     * whose {@code email} is then null.
     */
    public record FilterView(String email, List<Role> roles, LocalDate lastLoginOnOrBefore,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean emailWithheld) {
    }

    /** This view without the FILTER's email substring, the only user-typed text a request holds. */
    public RequestView withoutEmails() {
        FilterView filter = selection.filter();
        if (filter == null || filter.email() == null) {
            return this;
        }
        SelectionView withheld = new SelectionView(selection.mode(), selection.userIds(), selection.userCount(),
                new FilterView(null, filter.roles(), filter.lastLoginOnOrBefore(), true), selection.excludedUserIds(),
                selection.excludedCount());
        return new RequestView(requestId, platformId, state, version, reviewVersion, withheld, count,
                predictedRejections, unknownCount, unknownUserIds, deleted, rejected, alreadyGone, pending, failed,
                rejectedByReason, createdAt, reviewedAt, confirmedAt, completedAt, cancelledAt, createdBy, confirmedBy,
                stalled);
    }
}
