-- The system of record of membership-service. Emails are stored normalised (trimmed, lower-case) by
-- the application; the checks below only guard against a code path that forgets to.

CREATE TABLE platforms (
    id          varchar(64)  PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
    name        varchar(200) NOT NULL,
    csm_email   varchar(254) NOT NULL,
    admin_email varchar(254) NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);

-- One account per person: the unique email is what makes a second platform reuse the same user id.
CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    email         varchar(254) NOT NULL CHECK (email = lower(email)),
    last_login_at timestamptz,
    -- bumped (under a row lock) with every change, so readers of membership.user-state can drop stale copies
    revision      bigint       NOT NULL DEFAULT 0 CHECK (revision >= 0),
    created_at    timestamptz  NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE memberships (
    user_id     uuid        NOT NULL REFERENCES users (id),
    platform_id varchar(64) NOT NULL REFERENCES platforms (id),
    role        varchar(10) NOT NULL CHECK (role IN ('MENTOR', 'MENTEE')),
    joined_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, platform_id)
);

-- member counts and per-platform listings
CREATE INDEX memberships_platform_id_idx ON memberships (platform_id);

-- The User Access list: emails allowed onto a platform, whether or not they have an account yet.
CREATE TABLE access_list (
    platform_id varchar(64)  NOT NULL REFERENCES platforms (id),
    email       varchar(254) NOT NULL CHECK (email = lower(email)),
    added_at    timestamptz  NOT NULL,
    PRIMARY KEY (platform_id, email)
);
