package dev.userdeletion.orchestrator.review;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.userdeletion.orchestrator.request.ItemOutcome;
import java.util.List;
import java.util.UUID;

/**
 * One page of a request's frozen items, with emails fetched from the user-query-service for this page only.
 * {@code reviewVersion}: the review these items were frozen by (what a confirmation names).
 */
@JsonPropertyOrder({"items", "page", "size", "totalElements", "totalPages", "reviewVersion"})
public record ItemsPage(List<ItemView> items, int page, int size, long totalElements, long totalPages,
                        Integer reviewVersion) {

    /**
     * A frozen user. {@code email} and {@code role} are null once the user is no longer a member of the platform
     * (deleted meanwhile); {@code platformCount} is then the one frozen at review. {@code outcome}: {@code PENDING}
     * until membership-service answered, then {@code DELETED}, {@code REJECTED} (with the {@code reason},
     * {@code MULTI_PLATFORM} or {@code NOT_A_MEMBER}) or {@code ALREADY_GONE}; {@code FAILED} (with a short technical
     * reason) while its command or outcome waits in a dead-letter topic.
     */
    @JsonPropertyOrder({"userId", "email", "role", "platformCount", "outcome", "reason"})
    public record ItemView(UUID userId, String email, String role, int platformCount, ItemOutcome outcome,
                           String reason) {
    }
}
