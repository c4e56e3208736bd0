package dev.userdeletion.notification.directory;

import dev.userdeletion.contracts.UserState;
import dev.userdeletion.notification.Timestamps;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * User id → email and platforms, the latest revision only. Rows are locked by every writer, so a
 * directory change and the opening of a case that reads it are serialised.
 */
@Repository
public class ContactDirectory {

    private final NamedParameterJdbcTemplate jdbc;

    ContactDirectory(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user's newest known state: the email (as checked by the caller) and the platforms the user is on. */
    public record Change(UUID userId, String email, Set<String> platforms, long revision) {
    }

    /**
     * Applies the states (at most one per user) in user id order, each unless a newer or equal revision is known or
     * the user was erased; returns the users whose state was applied. One statement, whatever the number.
     */
    Set<UUID> applyAll(Collection<Change> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        List<Change> sorted = changes.stream().sorted(Comparator.comparing(Change::userId)).toList();
        // platform ids are [a-z0-9-] (the event contract checks it), so a comma joins them unambiguously
        return Set.copyOf(jdbc.queryForList("""
                        INSERT INTO contact AS c (user_id, email, platforms, revision, updated_at)
                        SELECT u, e, CASE WHEN p = '' THEN '{}'::text[] ELSE string_to_array(p, ',') END, r, :now
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:emails AS text[]), CAST(:platforms AS text[]),
                                      CAST(:revisions AS bigint[])) AS t(u, e, p, r)
                         ORDER BY u
                        ON CONFLICT (user_id) DO UPDATE
                           SET email = EXCLUDED.email, platforms = EXCLUDED.platforms, revision = EXCLUDED.revision,
                               updated_at = EXCLUDED.updated_at
                         WHERE c.erased_at IS NULL
                           AND (c.revision IS NULL OR c.revision < EXCLUDED.revision)
                        RETURNING user_id""",
                new MapSqlParameterSource()
                        .addValue("ids", sorted.stream().map(Change::userId).toArray(UUID[]::new))
                        .addValue("emails", sorted.stream().map(Change::email).toArray(String[]::new))
                        .addValue("platforms", sorted.stream().map(c -> c.platforms().stream().sorted()
                                .collect(Collectors.joining(","))).toArray(String[]::new))
                        .addValue("revisions", sorted.stream().map(Change::revision).toArray(Long[]::new))
                        .addValue("now", Timestamps.sql(Timestamps.now())),
                UUID.class));
    }

    /** Forgets the users' emails and platforms for good (tombstones); later copies of them are ignored. */
    void eraseAll(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        jdbc.update("""
                        INSERT INTO contact AS c (user_id, email, platforms, revision, erased_at, updated_at)
                        SELECT u, NULL, '{}', NULL, :now, :now FROM unnest(CAST(:ids AS uuid[])) AS t(u) ORDER BY u
                        ON CONFLICT (user_id) DO UPDATE
                           SET email = NULL, platforms = '{}', erased_at = COALESCE(c.erased_at, EXCLUDED.erased_at),
                               updated_at = EXCLUDED.updated_at""",
                new MapSqlParameterSource("ids", userIds.stream().distinct().sorted().toArray(UUID[]::new))
                        .addValue("now", Timestamps.sql(Timestamps.now())));
    }

    /**
     * The contacts of {@code userIds}, each row locked (FOR SHARE) until the caller's transaction ends;
     * unknown users get a placeholder row first so that their first UserState waits for this transaction
     * and then sees what it wrote.
     */
    public Map<UUID, Contact> lockAll(Collection<UUID> userIds) {
        UUID[] sorted = userIds.stream().distinct().sorted().toArray(UUID[]::new);
        if (sorted.length == 0) {
            return Map.of();
        }
        jdbc.update("""
                        INSERT INTO contact (user_id, updated_at)
                        SELECT id, :now FROM unnest(CAST(:ids AS uuid[])) AS t(id) ORDER BY id
                        ON CONFLICT (user_id) DO NOTHING""",
                new MapSqlParameterSource("ids", sorted).addValue("now", Timestamps.sql(Timestamps.now())));
        Map<UUID, Contact> contacts = new LinkedHashMap<>();
        jdbc.query("""
                        SELECT user_id, email, platforms, revision, erased_at FROM contact
                         WHERE user_id = ANY(CAST(:ids AS uuid[])) ORDER BY user_id FOR SHARE""",
                new MapSqlParameterSource("ids", sorted), (rs, i) -> read(rs))
                .forEach(c -> contacts.put(c.userId(), c));
        return contacts;
    }

    private static Contact read(ResultSet rs) throws SQLException {
        Array array = rs.getArray("platforms");
        Set<String> platforms = array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
        boolean erased = rs.getObject("erased_at") != null;
        boolean known = erased || rs.getObject("revision") != null;
        return new Contact(rs.getObject("user_id", UUID.class), rs.getString("email"), platforms, known, erased);
    }
}
