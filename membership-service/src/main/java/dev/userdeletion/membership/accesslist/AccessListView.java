package dev.userdeletion.membership.accesslist;

import java.util.List;

/** Answer of {@code GET /api/platforms/{platformId}/access-list}: emails in ascending order. */
public record AccessListView(List<String> emails) {
}
