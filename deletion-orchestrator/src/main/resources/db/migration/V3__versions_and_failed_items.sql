-- Optimistic concurrency and the identity of a review (issue 18 A):
-- * version is bumped by every change of a request (selection, review, confirmation, outcomes, cancellation); writes
--   name the version they read and lose with 409 concurrent-change (or 412 with If-Match) when it moved meanwhile.
-- * review_version is the version a review produced: the snapshot its frozen items are. A confirmation names it
--   and is refused with 409 review-changed when the current review is another one.
ALTER TABLE deletion_request RENAME COLUMN selection_version TO version;
ALTER TABLE deletion_request ALTER COLUMN version SET DEFAULT 1;
ALTER TABLE deletion_request ADD COLUMN review_version integer;
UPDATE deletion_request SET review_version = version WHERE state IN ('REVIEWED', 'CONFIRMED', 'COMPLETED');

-- Users whose command or outcome went to a dead-letter topic: still pending, shown at once (issue 18 B). failure says
-- why in a few words (which topic, which exception class; never a value); an outcome arriving later (after a replay)
-- decides the item as usual and the request's failed count goes down again.
ALTER TABLE deletion_request ADD COLUMN failed integer NOT NULL DEFAULT 0;
ALTER TABLE deletion_item ADD COLUMN failure varchar(300);
ALTER TABLE deletion_item ADD COLUMN failed_at timestamptz;
