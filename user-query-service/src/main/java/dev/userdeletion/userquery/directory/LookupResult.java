package dev.userdeletion.userquery.directory;

import java.util.List;
import java.util.UUID;

/**
 * The requested users that are members of the platform, in the order asked for, and the ids that are
 * not (unknown, deleted, or members of other platforms only).
 */
public record LookupResult(List<UserItem> items, List<UUID> unknownUserIds) {
}
