-- Deletion requests, their selection and their frozen items. Ids only: no email is ever stored here.

CREATE TABLE deletion_request (
    id                             uuid         PRIMARY KEY,
    platform_id                    varchar(64)  NOT NULL,
    state                          varchar(16)  NOT NULL,
    -- the selection: USERS (ids in selection_user are the selected users), FILTER or ALL_USERS (ids in
    -- selection_user are excluded); a new request has an empty USERS selection
    selection_mode                 varchar(16)  NOT NULL DEFAULT 'USERS',
    filter_email                   varchar(254),
    filter_roles                   varchar(16)[],
    filter_last_login_on_or_before date,
    -- bumped by every selection change, so a review that raced with a change is refused
    selection_version              integer      NOT NULL DEFAULT 0,
    -- frozen at review
    item_count                     integer,
    predicted_rejections           integer,
    unknown_count                  integer,
    unknown_user_ids               uuid[],
    -- outcomes, counted as they arrive
    deleted                        integer      NOT NULL DEFAULT 0,
    rejected_multi_platform        integer      NOT NULL DEFAULT 0,
    rejected_not_a_member          integer      NOT NULL DEFAULT 0,
    rejected                       integer      GENERATED ALWAYS AS (rejected_multi_platform + rejected_not_a_member) STORED,
    already_gone                   integer      NOT NULL DEFAULT 0,
    created_by                     varchar(100) NOT NULL,
    confirmed_by                   varchar(100),
    idempotency_key                varchar(200),
    created_at                     timestamptz  NOT NULL DEFAULT now(),
    updated_at                     timestamptz  NOT NULL DEFAULT now(),
    reviewed_at                    timestamptz,
    confirmed_at                   timestamptz,
    completed_at                   timestamptz,
    cancelled_at                   timestamptz,
    CONSTRAINT deletion_request_state CHECK (state IN ('DRAFT', 'REVIEWED', 'CONFIRMED', 'COMPLETED', 'CANCELLED')),
    CONSTRAINT deletion_request_mode CHECK (selection_mode IN ('USERS', 'FILTER', 'ALL_USERS')),
    CONSTRAINT deletion_request_idempotency UNIQUE (platform_id, idempotency_key)
);

CREATE INDEX deletion_request_platform_created ON deletion_request (platform_id, created_at DESC, id DESC);
CREATE INDEX deletion_request_confirmed ON deletion_request (confirmed_at) WHERE state = 'CONFIRMED';

-- USERS mode: the hand-picked users; FILTER / ALL_USERS: the excluded users.
CREATE TABLE selection_user (
    request_id uuid NOT NULL REFERENCES deletion_request (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

-- The frozen selection: one row per user, with the command id fixed at review so that a retried
-- confirmation cannot mint new commands, and the outcome once membership-service has answered.
CREATE TABLE deletion_item (
    request_id     uuid        NOT NULL REFERENCES deletion_request (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL,
    command_id     uuid        NOT NULL,
    platform_count integer     NOT NULL,
    outcome        varchar(16),
    reason         varchar(32),
    decided_at     timestamptz,
    PRIMARY KEY (request_id, user_id),
    CONSTRAINT deletion_item_outcome CHECK (outcome IN ('DELETED', 'REJECTED', 'ALREADY_GONE'))
);
