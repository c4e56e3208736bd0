-- Deletions refused because the user was on other platforms too (MULTI_PLATFORM), kept while the user stays on
-- the refusing platform: ids only, no email. When the user is left on that platform alone (the CSM removed the
-- others), the deletion goes through with the refused command's ids. A row goes when the user leaves that
-- platform or is deleted.
CREATE TABLE standing_rejections (
    user_id     uuid        NOT NULL REFERENCES users (id),
    platform_id varchar(64) NOT NULL REFERENCES platforms (id),
    request_id  uuid        NOT NULL,
    command_id  uuid        NOT NULL,
    rejected_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, platform_id, request_id)
);
