-- Email search scoped to the platform (issue 14): the trigram index leads with the platform id (btree_gin), so a
-- term is matched within one platform's entries instead of the whole read model's and then filtered by platform.
-- It replaces the unscoped trigram index (same upkeep: one GIN entry set per row).
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX platform_user_platform_email_trgm ON platform_user USING gin (platform_id, email_lower gin_trgm_ops);
DROP INDEX platform_user_email_trgm;
