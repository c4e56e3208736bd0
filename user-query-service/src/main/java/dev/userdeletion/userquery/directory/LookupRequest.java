package dev.userdeletion.userquery.directory;

import java.util.List;

/** User ids to show, e.g. a page of a deletion request's frozen selection. */
public record LookupRequest(List<String> userIds) {
}
