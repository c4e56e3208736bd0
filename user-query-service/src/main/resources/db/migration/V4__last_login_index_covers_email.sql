-- The last-login index also carries email_lower, so a list with an email term is read from an index alone in either
-- order: sorted by last login it walks this index and filters the term on its entries (the old index sent each entry
-- to the table for its email), and the bounded total ("1,000+") of a term walks this index, where the term's matches
-- are spread evenly (UserDirectory pins that walk). Measured on 1,100,000 rows (the benchmark's data, 2 cores, one client): the first page of term `grace` by
-- last login 22 -> 5 ms, its bounded total 16 -> 3 ms. Upkeep: the same number of index entries, 30% larger ones.
-- Building it locks out writers for a few seconds per million rows: the projection waits, then catches up.
CREATE INDEX platform_user_by_last_login_email ON platform_user (platform_id, last_login_key, user_id)
    INCLUDE (role, email_lower);
DROP INDEX platform_user_by_last_login;
