-- Counts of a platform's users by role and day of last login, so that the totals of the user list
-- ("12,345 users") need no scan of the platform when the filter has no email term: role and
-- lastLoginOnOrBefore (a whole UTC day) are both sums over these rows. Counting 200,000 index entries
-- for every page was the most expensive part of a page (see docs/benchmarks.md); summing a tally is
-- about 1,500 rows for the largest platform (2 roles x days with a login, plus "never").
--
-- Written by statement triggers on platform_user, so no writer can forget it. Writers only append to
-- platform_user_tally_delta (no row is updated, so concurrent projection transactions never wait for
-- each other or deadlock on a hot counter); TallyCompactor folds the deltas into platform_user_tally
-- every second. A count reads both tables in one snapshot and is therefore exact.
--
-- login_day is the UTC day of last_login_key; '-infinity' for users who never logged in (who match
-- every lastLoginOnOrBefore, as in platform_user_by_last_login).
CREATE TABLE platform_user_tally (
    platform_id varchar(64) NOT NULL,
    role        varchar(6)  NOT NULL,
    login_day   date        NOT NULL,
    users       bigint      NOT NULL,
    PRIMARY KEY (platform_id, role, login_day)
);

CREATE TABLE platform_user_tally_delta (
    platform_id varchar(64) NOT NULL,
    role        varchar(6)  NOT NULL,
    login_day   date        NOT NULL,
    users       bigint      NOT NULL
);
CREATE INDEX platform_user_tally_delta_by_platform ON platform_user_tally_delta (platform_id);

CREATE FUNCTION platform_user_login_day(last_login_key timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN last_login_key = '-infinity' THEN '-infinity'::date
                ELSE (last_login_key AT TIME ZONE 'UTC')::date END;

CREATE FUNCTION platform_user_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO platform_user_tally_delta (platform_id, role, login_day, users)
    SELECT platform_id, role, platform_user_login_day(last_login_key), count(*)
    FROM inserted GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

CREATE FUNCTION platform_user_tally_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO platform_user_tally_delta (platform_id, role, login_day, users)
    SELECT platform_id, role, platform_user_login_day(last_login_key), -count(*)
    FROM deleted GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

-- an update moves a user between tally rows only when role or last login changed; the rest cancels out
CREATE FUNCTION platform_user_tally_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO platform_user_tally_delta (platform_id, role, login_day, users)
    SELECT platform_id, role, login_day, sum(n)
    FROM (SELECT platform_id, role, platform_user_login_day(last_login_key) AS login_day, 1 AS n FROM updated_new
          UNION ALL
          SELECT platform_id, role, platform_user_login_day(last_login_key), -1 FROM updated_old) changes
    GROUP BY 1, 2, 3
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;

CREATE TRIGGER platform_user_tally_insert AFTER INSERT ON platform_user
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION platform_user_tally_inserted();
CREATE TRIGGER platform_user_tally_delete AFTER DELETE ON platform_user
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION platform_user_tally_deleted();
CREATE TRIGGER platform_user_tally_update AFTER UPDATE ON platform_user
    REFERENCING OLD TABLE AS updated_old NEW TABLE AS updated_new
    FOR EACH STATEMENT EXECUTE FUNCTION platform_user_tally_updated();

-- the rows already there
INSERT INTO platform_user_tally (platform_id, role, login_day, users)
SELECT platform_id, role, platform_user_login_day(last_login_key), count(*)
FROM platform_user GROUP BY 1, 2, 3;
