package dev.userdeletion.userquery.directory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One page of a sorted, filtered user list with the totals of the whole list.
 *
 * @param page         the page number asked for; null when the page was asked for by cursor ({@code after})
 * @param totalElements exact when {@code totalIsExact}; otherwise a lower bound (a list with an email term is
 *                      counted up to {@value UserDirectory#TOTAL_BOUND}, "1,000+" on a page)
 * @param totalPages    derived from {@code totalElements} (so a lower bound too when that is)
 * @param nextCursor    where the next page starts ({@code after=}), when there may be one; null at the end
 */
@JsonPropertyOrder({"items", "page", "size", "totalElements", "totalPages", "totalIsExact", "nextCursor"})
public record UserPage(List<UserItem> items, Integer page, int size, long totalElements, long totalPages,
                       boolean totalIsExact, String nextCursor) {
}
