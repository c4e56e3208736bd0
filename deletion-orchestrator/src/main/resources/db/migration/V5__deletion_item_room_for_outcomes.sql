-- Each item is written once at review (COPY, about 80 bytes a row) and updated once when its outcome arrives (the new
-- version is about 105 bytes: outcome, reason, decided_at). Outcomes come in chunks of consecutive users, so a batch
-- updates whole pages at a time; with room on the page for the new version of every row the update is HOT (no new
-- primary-key entry, no index page touched): 80 / (80 + 105) is about 45% full. Applies to pages written from now on.
ALTER TABLE deletion_item SET (fillfactor = 45);
