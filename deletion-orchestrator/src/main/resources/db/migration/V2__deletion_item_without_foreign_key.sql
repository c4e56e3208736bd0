-- A review writes up to 100,000 items in one COPY, and PostgreSQL checks a foreign key with a trigger per row (a
-- locking lookup of the request for every item): it was most of the time a review spent freezing its items
-- (docs/benchmarks.md). Items are only ever written by a review, in the transaction that holds the request row
-- locked, and requests are never deleted (a cancelled one keeps its row), so the key guarded nothing the code does
-- not already guarantee. The primary key (request_id, user_id) stays.
ALTER TABLE deletion_item DROP CONSTRAINT deletion_item_request_id_fkey;
