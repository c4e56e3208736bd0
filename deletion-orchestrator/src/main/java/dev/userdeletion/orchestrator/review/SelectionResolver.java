package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.Item;
import dev.userdeletion.orchestrator.request.SelectionMode;
import dev.userdeletion.orchestrator.userquery.Lookup;
import dev.userdeletion.orchestrator.userquery.MemberStream;
import dev.userdeletion.orchestrator.userquery.QueryUser;
import dev.userdeletion.orchestrator.userquery.UserQueryClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Resolves a selection into the users to freeze, each with a command id of its own:
 * <ul>
 *   <li>USERS: the selected ids are looked up; ids that are not members of this platform (unknown, deleted, or
 *       another platform's users) are not kept and are reported;</li>
 *   <li>FILTER / ALL_USERS: the matching users are streamed with their number of platforms, in one call, and the
 *       excluded ids removed.</li>
 * </ul>
 * Runs outside any transaction (it calls another service).
 */
@Component
class SelectionResolver {

    /** What a review freezes: the items, how many are on several platforms, the selected ids not kept. */
    record Resolution(List<Item> items, int predictedRejections, List<UUID> unknown) {
    }

    private final UserQueryClient userQuery;
    private final MemberStream members;

    SelectionResolver(UserQueryClient userQuery, MemberStream members) {
        this.userQuery = userQuery;
        this.members = members;
    }

    Resolution resolve(DeletionRequest request, List<UUID> selectionIds) {
        return request.mode() == SelectionMode.USERS
                ? resolveUsers(request.platformId(), selectionIds)
                : resolveMatching(request, selectionIds);
    }

    /** Hand-picked ids: keep the members of this platform, report the rest. */
    private Resolution resolveUsers(String platformId, List<UUID> selected) {
        Lookup lookup = userQuery.lookup(platformId, selected);
        Set<UUID> asked = new HashSet<>(selected);
        Resolution resolution = freeze(lookup.items(), asked);
        Set<UUID> kept = new HashSet<>(resolution.items().size() * 2);
        resolution.items().forEach(item -> kept.add(item.userId()));
        List<UUID> unknown = selected.stream().filter(id -> !kept.contains(id)).toList();
        return new Resolution(resolution.items(), resolution.predictedRejections(), unknown);
    }

    /** A filter or the whole platform: stream the matching users with their platform counts, drop the excluded. */
    private Resolution resolveMatching(DeletionRequest request, List<UUID> excluded) {
        Set<UUID> dropped = new HashSet<>(excluded);
        Set<UUID> seen = new HashSet<>();
        List<Item> frozen = new ArrayList<>();
        int[] predicted = {0};
        members.stream(request.platformId(),
                request.mode() == SelectionMode.FILTER ? request.filter() : null, (userId, platformCount) -> {
                    if (dropped.contains(userId) || !seen.add(userId)) {
                        return;
                    }
                    frozen.add(new Item(userId, UUID.randomUUID(), platformCount, null, null, null));
                    if (platformCount > 1) {
                        predicted[0]++;
                    }
                });
        return new Resolution(frozen, predicted[0], List.of());
    }

    private static Resolution freeze(List<QueryUser> found, Set<UUID> asked) {
        List<Item> frozen = new ArrayList<>(found.size());
        Set<UUID> seen = new HashSet<>(found.size() * 2);
        int predicted = 0;
        for (QueryUser member : found) {
            if (member.userId() == null || !asked.contains(member.userId()) || !seen.add(member.userId())) {
                continue;
            }
            frozen.add(new Item(member.userId(), UUID.randomUUID(), member.platformCount(), null, null, null));
            if (member.platformCount() > 1) {
                predicted++;
            }
        }
        return new Resolution(frozen, predicted, List.of());
    }
}
