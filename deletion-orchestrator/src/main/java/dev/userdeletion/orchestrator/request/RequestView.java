package dev.userdeletion.orchestrator.request;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userdeletion.contracts.Role;
import io.swagger.v3.oas.annotations.media.Schema;
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
public record RequestView(@Schema(requiredMode = REQUIRED) UUID requestId,
                          @Schema(requiredMode = REQUIRED, pattern = "[a-z0-9-]{1,64}", example = "acme-academy")
                          String platformId,
                          @Schema(requiredMode = REQUIRED) RequestState state,
                          @Schema(requiredMode = REQUIRED, minimum = "1", example = "3",
                                  description = "Bumped by every change; the answer's ETag is \"<version>\"")
                          int version,
                          @Schema(minimum = "1", description = "The frozen review a confirmation must name; null"
                                  + " while DRAFT") Integer reviewVersion,
                          @Schema(requiredMode = REQUIRED) SelectionView selection,
                          @Schema(minimum = "0", description = "Users of the frozen review; null until reviewed")
                          Integer count,
                          @Schema(minimum = "0", description = "Reviewed users on several platforms (they will be"
                                  + " rejected)") Integer predictedRejections,
                          @Schema(minimum = "0") Integer unknownCount,
                          @Schema(description = "At most the first 1,000") List<UUID> unknownUserIds,
                          @Schema(requiredMode = REQUIRED, minimum = "0") int deleted,
                          @Schema(requiredMode = REQUIRED, minimum = "0") int rejected,
                          @Schema(requiredMode = REQUIRED, minimum = "0") int alreadyGone,
                          @Schema(requiredMode = REQUIRED, minimum = "0") int pending,
                          @Schema(requiredMode = REQUIRED, minimum = "0", description = "Users whose command or"
                                  + " outcome was dead-lettered (counted in pending too)") int failed,
                          @Schema(requiredMode = REQUIRED, example = "{\"MULTI_PLATFORM\": 2, \"NOT_A_MEMBER\": 0}")
                          Map<String, Integer> rejectedByReason,
                          @Schema(requiredMode = REQUIRED) Instant createdAt, Instant reviewedAt,
                          Instant confirmedAt, Instant completedAt, Instant cancelledAt,
                          @Schema(requiredMode = REQUIRED, example = "admin-7") String createdBy,
                          String confirmedBy,
                          @Schema(requiredMode = REQUIRED, description = "Confirmed longer than orchestrator.stall-after"
                                  + " ago and still waiting for outcomes") boolean stalled) {

    /**
     * The selection: USERS has {@code userIds}; FILTER has {@code filter} and {@code excludedUserIds}; ALL_USERS
     * has {@code excludedUserIds}. {@code userCount} / {@code excludedCount} say how many ids there are.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"mode", "userIds", "userCount", "filter", "excludedUserIds", "excludedCount"})
    public record SelectionView(@Schema(requiredMode = REQUIRED, allowableValues = {"USERS", "FILTER", "ALL_USERS"})
                                String mode, List<UUID> userIds, Integer userCount, FilterView filter,
                                List<UUID> excludedUserIds, Integer excludedCount) {
    }

    /**
     * {@code emailWithheld} is present (true) when the filter had an email term that is not shown: in views for
     * callers from outside the platform (auditors), and for everyone once the request was confirmed or cancelled,
     * which erases the term. {@code email} is then null.
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
