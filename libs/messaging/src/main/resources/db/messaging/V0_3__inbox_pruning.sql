-- Inbox rows older than messaging.inbox.retention are deleted (InboxPruner). Rows arrive in time order, so a
-- BRIN index finds the old ones without a scan of the table, at almost no cost per insert (a B-tree on
-- processed_at would be one more index entry for every event consumed).
CREATE INDEX inbox_by_processed_at ON inbox USING brin (processed_at);
