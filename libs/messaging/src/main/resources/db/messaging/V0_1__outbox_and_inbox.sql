-- Events to publish, written in the same transaction as the state change they announce.
-- The Debezium relay reads the inserts from the WAL; rows are deleted in the same transaction,
-- so the table stays empty and never needs cleaning.
CREATE TABLE outbox (
    id             uuid PRIMARY KEY,
    topic          varchar(249) NOT NULL,
    aggregate_id   varchar(255) NOT NULL,
    type           varchar(100) NOT NULL,
    schema_version integer      NOT NULL,
    payload        text,
    created_at     timestamptz  NOT NULL DEFAULT now()
);

-- Ids of events a consumer has applied, recorded in the transaction of their effect,
-- so a redelivered event changes nothing.
CREATE TABLE inbox (
    consumer     varchar(100) NOT NULL,
    event_id     uuid         NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
