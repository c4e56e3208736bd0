package dev.userdeletion.orchestrator.review;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.UUID;

/** One page of a request's frozen items, with emails fetched from the user-query-service for this page only. */
@JsonPropertyOrder({"items", "page", "size", "totalElements", "totalPages"})
public record ItemsPage(List<ItemView> items, int page, int size, long totalElements, long totalPages) {

    /**
     * A frozen user. {@code email} and {@code role} are null once the user is no longer a member of the platform
     * (deleted meanwhile); {@code platformCount} is then the one frozen at review. {@code outcome}
     * ({@code DELETED}, {@code REJECTED}, {@code ALREADY_GONE}) and {@code reason} are null until known.
     */
    @JsonPropertyOrder({"userId", "email", "role", "platformCount", "outcome", "reason"})
    public record ItemView(UUID userId, String email, String role, int platformCount, String outcome, String reason) {
    }
}
