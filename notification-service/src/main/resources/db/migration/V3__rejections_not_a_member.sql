-- Of a request's rejected users, those who were no longer members of the platform (NOT_A_MEMBER): nothing is left
-- for the CSM to remove, so they join no follow-up case and the admin is told they were not passed on. NULL until
-- the request's DeletionCompleted arrives; requests completed before this column existed count them as 0.
ALTER TABLE deletion_request ADD COLUMN rejected_not_a_member integer;
UPDATE deletion_request SET rejected_not_a_member = 0 WHERE rejected IS NOT NULL;
