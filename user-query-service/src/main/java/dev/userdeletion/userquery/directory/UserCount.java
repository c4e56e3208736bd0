package dev.userdeletion.userquery.directory;

/** How many users of the platform match a filter. */
public record UserCount(long count) {
}
