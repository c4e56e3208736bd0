-- Outbox rows now stay until the relay has had their events acknowledged by Kafka; the relay then deletes them
-- (OutboxRelay). If the replication slot is ever lost (a failover to a replica without it, an operator's mistake),
-- the rows not yet relayed are still here and are published when the slot is recreated, instead of being lost.
-- seq keeps the order in which rows were written, so such a backlog goes out in the order it was committed per key.
ALTER TABLE outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX outbox_seq ON outbox (seq);

-- One row per replication slot this database's relay created. A slot that is missing while its row exists was
-- lost: the relay says so loudly and republishes the backlog. The generation names the relay's offsets, so a
-- recreated slot starts with offsets of its own instead of positions that belong to the lost one.
CREATE TABLE outbox_relay_slot (
    slot_name  varchar(63) PRIMARY KEY,
    generation uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
