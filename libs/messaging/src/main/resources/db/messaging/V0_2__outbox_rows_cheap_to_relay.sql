-- Debezium does work per event for the row's key and for each column, and under a deletion of 100,000 users the
-- relays handle about 300,000 events on the same two cores as everything else (docs/benchmarks.md):
-- * No primary key and no unique index (Debezium takes a unique index as the key when there is no primary key):
--   Debezium renders the key of every event into its "last event" metric (a JSON rendering with a new ObjectMapper
--   each time, a quarter of the relay's CPU). Without one the change events have no key; the Kafka key comes from
--   aggregate_id as before (the Outbox Event Router). Ids are random UUIDs made by OutboxWriter, and consumers
--   deduplicate by event id anyway; a plain index serves the DELETE of the transaction's own rows. Only inserts
--   are published, so no replica identity is needed.
-- * created_at as epoch milliseconds: a timestamptz is parsed from text and formatted again for every event; a
--   bigint is not. It becomes the "createdAt" header (milliseconds since the epoch, UTC).
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey;
CREATE INDEX outbox_id ON outbox (id);
ALTER TABLE outbox ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE outbox ALTER COLUMN created_at TYPE bigint USING (extract(epoch FROM created_at) * 1000)::bigint;
ALTER TABLE outbox ALTER COLUMN created_at SET DEFAULT (extract(epoch FROM now()) * 1000)::bigint;
