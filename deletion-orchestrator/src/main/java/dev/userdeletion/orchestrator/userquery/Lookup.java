package dev.userdeletion.orchestrator.userquery;

import java.util.List;
import java.util.UUID;

/** Answer of a lookup: the members of the platform among the asked ids, and the ids that are not. */
public record Lookup(List<QueryUser> items, List<UUID> unknownUserIds) {

    public Lookup {
        items = items == null ? List.of() : items;
        unknownUserIds = unknownUserIds == null ? List.of() : unknownUserIds;
    }
}
