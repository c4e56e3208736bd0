package dev.userdeletion.userquery.directory;

import java.util.List;

/** One page of a sorted, filtered user list with the totals of the whole list. */
public record UserPage(List<UserItem> items, int page, int size, long totalElements, long totalPages) {
}
