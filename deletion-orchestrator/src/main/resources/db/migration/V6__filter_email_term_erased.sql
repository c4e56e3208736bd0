-- A FILTER's email term is text an admin typed, possibly a whole address (V1's "no email is ever stored here" did
-- not hold for it). It is kept only while the request can still change: confirming (the review froze the ids the
-- deletion runs on) or cancelling erases it, and an idle DRAFT or REVIEWED request that holds one is cancelled
-- after orchestrator.requests.email-term-retention (IdleEmailTerms). The request keeps only that there was a term.
ALTER TABLE deletion_request ADD COLUMN filter_email_erased boolean NOT NULL DEFAULT false;

UPDATE deletion_request SET filter_email = NULL, filter_email_erased = true
WHERE filter_email IS NOT NULL AND state IN ('CONFIRMED', 'COMPLETED', 'CANCELLED');

-- the sweep's candidates: few rows (idle drafts with a term), found without reading the whole table
CREATE INDEX deletion_request_email_term_idle ON deletion_request (updated_at)
    WHERE filter_email IS NOT NULL AND state IN ('DRAFT', 'REVIEWED');
