package dev.userdeletion.orchestrator.selection;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.orchestrator.request.SelectionMode;
import dev.userdeletion.orchestrator.request.UserFilter;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Validates selection bodies into a {@link Selection}; every refusal is a 400 that says what to fix. */
final class SelectionInput {


    /** A validated selection to store. */
    record Selection(SelectionMode mode, UserFilter filter, Set<UUID> ids) {
    }

    private SelectionInput() {
    }

    static Selection of(SelectionBody body, int maxIdsPerCall) {
        if (body == null) {
            throw ApiProblem.invalid("A body {mode, ...} is required");
        }
        if (body.mode() == null) {
            throw ApiProblem.invalid("mode is required: USERS, FILTER or ALL_USERS");
        }
        SelectionMode mode;
        try {
            mode = SelectionMode.valueOf(body.mode());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("mode must be USERS, FILTER or ALL_USERS");
        }
        return switch (mode) {
            case USERS -> {
                if (body.filter() != null || body.excludedUserIds() != null) {
                    throw ApiProblem.invalid("mode USERS takes userIds only (no filter, no excludedUserIds)");
                }
                if (body.userIds() == null) {
                    throw ApiProblem.invalid("mode USERS needs userIds (an empty list is allowed)");
                }
                yield new Selection(mode, null, ids(body.userIds(), "userIds", maxIdsPerCall));
            }
            case FILTER -> {
                if (body.userIds() != null) {
                    throw ApiProblem.invalid("mode FILTER takes filter and excludedUserIds, not userIds");
                }
                if (body.filter() == null) {
                    throw ApiProblem.invalid("mode FILTER needs a filter {email?, roles?, lastLoginOnOrBefore?}");
                }
                yield new Selection(mode, filter(body.filter()),
                        ids(body.excludedUserIds(), "excludedUserIds", maxIdsPerCall));
            }
            case ALL_USERS -> {
                if (body.userIds() != null || body.filter() != null) {
                    throw ApiProblem.invalid("mode ALL_USERS takes excludedUserIds only (no userIds, no filter)");
                }
                yield new Selection(mode, null, ids(body.excludedUserIds(), "excludedUserIds", maxIdsPerCall));
            }
        };
    }

    /** The add and remove sets of a patch; together at most {@code maxIdsPerCall}, and no id in both. */
    static List<Set<UUID>> patch(SelectionPatch patch, int maxIdsPerCall) {
        if (patch == null || patch.add() == null && patch.remove() == null) {
            throw ApiProblem.invalid("A body {add: [...], remove: [...]} is required");
        }
        int total = (patch.add() == null ? 0 : patch.add().size()) + (patch.remove() == null ? 0 : patch.remove().size());
        if (total > maxIdsPerCall) {
            throw tooMany("add and remove together", maxIdsPerCall);
        }
        Set<UUID> add = ids(patch.add(), "add", maxIdsPerCall);
        Set<UUID> remove = ids(patch.remove(), "remove", maxIdsPerCall);
        for (UUID id : add) {
            if (remove.contains(id)) {
                throw ApiProblem.invalid("A user id is both in add and in remove");
            }
        }
        return List.of(add, remove);
    }

    private static Set<UUID> ids(List<String> values, String field, int max) {
        if (values == null) {
            return Set.of();
        }
        if (values.size() > max) {
            throw tooMany(field, max);
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            ids.add(Inputs.uuid(values.get(i), field + "[" + i + "]"));
        }
        return ids;
    }

    private static ApiProblem tooMany(String field, int max) {
        return ApiProblem.invalid(field + ": at most " + max + " user ids per call; send larger selections in several"
                + " PATCH calls, or use a FILTER or ALL_USERS selection");
    }


    private static UserFilter filter(SelectionBody.FilterBody body) {
        List<Role> roles = new ArrayList<>();
        for (String role : body.roles() == null ? List.<String>of() : body.roles()) {
            Role parsed = Inputs.role(role, "filter.roles");
            if (!roles.contains(parsed)) {
                roles.add(parsed);
            }
        }
        return new UserFilter(Inputs.emailTerm(body.email(), "filter.email"), roles,
                Inputs.date(body.lastLoginOnOrBefore(), "filter.lastLoginOnOrBefore"));
    }
}
