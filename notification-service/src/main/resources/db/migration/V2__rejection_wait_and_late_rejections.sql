-- When this service learned of the request's DeletionCompleted (its own clock): a request still missing some
-- of its announced rejections is handled anyway once notification.follow-up.rejection-wait has passed since.
ALTER TABLE deletion_request ADD COLUMN completion_seen_at timestamptz;
UPDATE deletion_request SET completion_seen_at = completed_at WHERE completed_at IS NOT NULL;
CREATE INDEX deletion_request_awaiting ON deletion_request (completion_seen_at)
    WHERE handled_at IS NULL AND completion_seen_at IS NOT NULL;

-- An item added to a case after it opened (a late rejection) waits here until the scheduled check mails the
-- CSM about it, together with the other items added to that case meanwhile.
ALTER TABLE follow_up_item ADD COLUMN csm_told_pending boolean NOT NULL DEFAULT false;
CREATE INDEX follow_up_item_csm_told_pending ON follow_up_item (case_id, user_id) WHERE csm_told_pending;

-- How often a case was reopened by a late rejection: each closing is told to the admin once.
ALTER TABLE follow_up_case ADD COLUMN reopened integer NOT NULL DEFAULT 0;

-- One notification per (type, request, round): round is the case's reopen count for FOLLOW_UP_CLOSED, else 0.
ALTER TABLE admin_notification ADD COLUMN round integer NOT NULL DEFAULT 0;
ALTER TABLE admin_notification DROP CONSTRAINT admin_notification_type_request_id_key;
ALTER TABLE admin_notification ADD CONSTRAINT admin_notification_type_request_id_round_key
    UNIQUE (type, request_id, round);
