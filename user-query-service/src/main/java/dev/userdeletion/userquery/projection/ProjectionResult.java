package dev.userdeletion.userquery.projection;

/**
 * What applying a batch of changes did.
 *
 * @param applied     user states written to the read model
 * @param deleted     tombstones applied
 * @param stale       states not newer than the stored revision (or than a later one in the same batch): copies, replays
 *                    and redeliveries, which the revision makes harmless
 */
record ProjectionResult(int applied, int deleted, int stale) {
}
