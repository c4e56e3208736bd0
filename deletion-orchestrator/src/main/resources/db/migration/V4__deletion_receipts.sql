-- Deletion receipts: what the event log says about each request (deletion.commands, deletion.outcomes,
-- deletion.requests, csm.followups), ids only. Text columns: a receipt row never fails on a value's length.
CREATE TABLE receipt_request (
    request_id         uuid PRIMARY KEY,
    platform_id        text        NOT NULL,
    confirmed_by       text,
    confirmed_at       timestamptz,
    confirmed_count    integer,
    completed_at       timestamptz,
    deleted            integer,
    rejected           integer,
    already_gone       integer,
    rejected_by_reason text,
    first_seen_at      timestamptz NOT NULL
);
CREATE INDEX receipt_request_first_seen ON receipt_request (first_seen_at);

CREATE TABLE receipt_user (
    request_id       uuid NOT NULL,
    user_id          uuid NOT NULL,
    command_id       uuid,
    requested_by     text,
    outcome          text,
    outcome_at       timestamptz,
    rejection_reason text,
    rejected_at      timestamptz,
    resolved_at      timestamptz,
    PRIMARY KEY (request_id, user_id)
);

CREATE TABLE receipt_follow_up (
    case_id            uuid PRIMARY KEY,
    request_id         uuid        NOT NULL,
    opened_at          timestamptz,
    item_count         integer,
    last_item_added_at timestamptz,
    closed_at          timestamptz
);
CREATE INDEX receipt_follow_up_request ON receipt_follow_up (request_id);
