-- Contact directory, fed by membership.user-state: the latest known email and platforms of each user.
-- A row with revision NULL is a placeholder (the user was rejected before any UserState arrived here);
-- it exists so that opening a case and applying a UserState lock the same row and cannot miss each other.
-- A tombstone erases email and platforms and sets erased_at; later copies of that user are ignored.
CREATE TABLE contact (
    user_id    uuid PRIMARY KEY,
    email      varchar(320),
    platforms  text[]      NOT NULL DEFAULT '{}',
    revision   bigint,
    erased_at  timestamptz,
    updated_at timestamptz NOT NULL
);

-- Deletion requests that this service has heard of: the counts of DeletionCompleted (NULL until it
-- arrives), how many distinct rejections were collected, and when its outcome was handled (case opened
-- and/or admin told). The row is the lock that serialises a request's rejections with its completion.
CREATE TABLE deletion_request (
    request_id   uuid PRIMARY KEY,
    platform_id  varchar(64) NOT NULL,
    collected    integer     NOT NULL DEFAULT 0,
    deleted      integer,
    rejected     integer,
    already_gone integer,
    completed_at timestamptz,
    handled_at   timestamptz
);

-- Every rejection collected, at most one per (request, user) whatever the event id.
CREATE TABLE rejection (
    request_id  uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    platform_id varchar(64) NOT NULL,
    reason      varchar(32) NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

CREATE TABLE follow_up_case (
    case_id     uuid PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    platform_id varchar(64) NOT NULL,
    request_id  uuid        NOT NULL,
    state       varchar(8)  NOT NULL CHECK (state IN ('OPEN', 'CLOSED')),
    opened_at   timestamptz NOT NULL,
    closed_at   timestamptz,
    UNIQUE (platform_id, request_id)
);
CREATE INDEX follow_up_case_newest ON follow_up_case (opened_at DESC, seq DESC);
CREATE INDEX follow_up_case_platform ON follow_up_case (platform_id, opened_at DESC);

-- One item per rejected user; the email is the directory's at opening (NULL if not known yet, or erased).
CREATE TABLE follow_up_item (
    case_id     uuid        NOT NULL REFERENCES follow_up_case (case_id),
    user_id     uuid        NOT NULL,
    email       varchar(320),
    reason      varchar(32) NOT NULL,
    state       varchar(8)  NOT NULL CHECK (state IN ('OPEN', 'RESOLVED')),
    resolved_at timestamptz,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX follow_up_item_user ON follow_up_item (user_id);

-- What the platform admin is told (also mailed).
CREATE TABLE admin_notification (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform_id varchar(64)  NOT NULL,
    type        varchar(32)  NOT NULL CHECK (type IN ('DELETION_COMPLETED', 'FOLLOW_UP_CLOSED')),
    request_id  uuid         NOT NULL,
    case_id     uuid,
    message     varchar(500) NOT NULL,
    created_at  timestamptz  NOT NULL,
    UNIQUE (type, request_id)
);
CREATE INDEX admin_notification_platform ON admin_notification (platform_id, created_at DESC, id DESC);

-- Mail to send, written in the transaction of the change it announces; the scheduled sender delivers
-- PENDING rows and marks them SENT. dedup_key makes a mail unique per announced change.
CREATE TABLE mail (
    id              uuid PRIMARY KEY,
    dedup_key       varchar(200) NOT NULL UNIQUE,
    recipient_kind  varchar(8)   NOT NULL CHECK (recipient_kind IN ('CSM', 'ADMIN')),
    platform_id     varchar(64)  NOT NULL,
    subject         varchar(300) NOT NULL,
    body            text,
    state           varchar(8)   NOT NULL CHECK (state IN ('PENDING', 'SENT')),
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    last_error      varchar(300),
    created_at      timestamptz  NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX mail_due ON mail (next_attempt_at) WHERE state = 'PENDING';
