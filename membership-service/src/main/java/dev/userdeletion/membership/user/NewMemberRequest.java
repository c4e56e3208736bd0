package dev.userdeletion.membership.user;

/** Body of {@code POST /api/platforms/{platformId}/members}; role is checked by hand to answer with a clear 400. */
public record NewMemberRequest(String email, String role) {
}
