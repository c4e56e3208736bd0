package dev.userdeletion.notification.directory;

import dev.userdeletion.contracts.UserState;
import dev.userdeletion.notification.Timestamps;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * User id → email and platforms, the latest revision only. Rows are locked by every writer, so a
 * directory change and the opening of a case that reads it are serialised.
 */
@Repository
public class ContactDirectory {

    private final JdbcClient jdbc;

    ContactDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies a UserState, with its email as checked by the caller, unless a newer (or equal) revision is known
     * or the user was erased; true if applied.
     */
    boolean apply(UserState state, String email) {
        String[] platforms = state.memberships().stream().map(UserState.Membership::platformId).distinct().sorted()
                .toArray(String[]::new);
        return jdbc.sql("""
                        INSERT INTO contact (user_id, email, platforms, revision, updated_at)
                        VALUES (:userId, :email, :platforms, :revision, :now)
                        ON CONFLICT (user_id) DO UPDATE
                           SET email = EXCLUDED.email, platforms = EXCLUDED.platforms, revision = EXCLUDED.revision,
                               updated_at = EXCLUDED.updated_at
                         WHERE contact.erased_at IS NULL
                           AND (contact.revision IS NULL OR contact.revision < EXCLUDED.revision)""")
                .param("userId", state.userId())
                .param("email", email)
                .param("platforms", platforms)
                .param("revision", state.revision())
                .param("now", Timestamps.sql(Timestamps.now()))
                .update() == 1;
    }

    /** Forgets the user's email and platforms for good (tombstone); later copies of the user are ignored. */
    void erase(UUID userId) {
        var now = Timestamps.sql(Timestamps.now());
        jdbc.sql("""
                        INSERT INTO contact (user_id, email, platforms, revision, erased_at, updated_at)
                        VALUES (:userId, NULL, '{}', NULL, :now, :now)
                        ON CONFLICT (user_id) DO UPDATE
                           SET email = NULL, platforms = '{}', erased_at = COALESCE(contact.erased_at, EXCLUDED.erased_at),
                               updated_at = EXCLUDED.updated_at""")
                .param("userId", userId)
                .param("now", now)
                .update();
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
        jdbc.sql("""
                        INSERT INTO contact (user_id, updated_at)
                        SELECT id, :now FROM unnest(CAST(:ids AS uuid[])) AS t(id) ORDER BY id
                        ON CONFLICT (user_id) DO NOTHING""")
                .param("ids", sorted)
                .param("now", Timestamps.sql(Timestamps.now()))
                .update();
        Map<UUID, Contact> contacts = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT user_id, email, platforms, revision, erased_at FROM contact
                         WHERE user_id = ANY(CAST(:ids AS uuid[])) ORDER BY user_id FOR SHARE""")
                .param("ids", sorted)
                .query((rs, i) -> read(rs))
                .list()
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
