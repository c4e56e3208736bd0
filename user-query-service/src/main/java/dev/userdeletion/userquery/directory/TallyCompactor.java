package dev.userdeletion.userquery.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Folds the appended tally deltas into {@code platform_user_tally}, so that counts sum a table of bounded size.
 * Writers of the read model only append deltas (see the V2 migration); this is the only writer of the tally.
 * Several instances may run: a transaction-scoped advisory lock lets one of them fold at a time and the others
 * skip the round rather than wait.
 */
@Component
class TallyCompactor {

    private static final Logger log = LoggerFactory.getLogger(TallyCompactor.class);
    /** Any fixed number: the advisory lock that makes compaction single-writer. */
    private static final long LOCK = 0x7461_6c6c_7900L;
    private static final String FOLD = """
            WITH moved AS (DELETE FROM platform_user_tally_delta RETURNING platform_id, role, login_day, users),
                 summed AS (SELECT platform_id, role, login_day, sum(users) AS users FROM moved
                            GROUP BY 1, 2, 3 HAVING sum(users) <> 0)
            INSERT INTO platform_user_tally AS t (platform_id, role, login_day, users)
            SELECT * FROM summed ORDER BY 1, 2, 3
            ON CONFLICT (platform_id, role, login_day) DO UPDATE SET users = t.users + EXCLUDED.users
            """;

    private final JdbcTemplate jdbc;

    TallyCompactor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns how many tally rows changed; 0 also when another instance holds the lock. */
    @Scheduled(fixedDelayString = "${user-query.tally.compaction-interval:1s}")
    @Transactional
    public int compact() {
        Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        int changed = jdbc.update(FOLD);
        if (changed > 0) {
            log.debug("Folded tally deltas into {} tally rows", changed);
        }
        return changed;
    }
}
