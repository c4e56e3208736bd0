package dev.userdeletion.localstack.erasure;

/**
 * One place where the needle was found: a name and a count, never a value.
 *
 * @param place        e.g. {@code database membership, table public.users (columns email)} or
 *                     {@code topic membership.user-state, partition 2 (offsets 10..14)}
 * @param count        rows, records, files or lines
 * @param personalData the place holds personal data of the user (an email, a {@code UserState}); false when it holds
 *                     the user id alone (the audit trail keeps ids by design)
 */
public record Finding(String place, long count, boolean personalData) {
}
