package dev.userdeletion.orchestrator.review;

import dev.userdeletion.orchestrator.Sql;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The frozen items of requests ({@code deletion_item}); writes are set-based, reads are paged. */
@Repository
public class ItemRepository {

    private static final RowMapper<Item> ROW = (rs, i) -> new Item(rs.getObject("user_id", UUID.class),
            rs.getObject("command_id", UUID.class), rs.getInt("platform_count"), rs.getString("outcome"),
            rs.getString("reason"));

    private final JdbcTemplate jdbc;

    public ItemRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int deleteAll(UUID requestId) {
        return jdbc.update("DELETE FROM deletion_item WHERE request_id = ?", requestId);
    }

    /** Inserts items in statements of {@code batchSize} rows each (one array-valued INSERT per chunk). */
    public void insert(UUID requestId, List<Item> items, int batchSize) {
        for (int from = 0; from < items.size(); from += batchSize) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + batchSize));
            List<UUID> users = new ArrayList<>(chunk.size());
            List<UUID> commands = new ArrayList<>(chunk.size());
            List<Integer> counts = new ArrayList<>(chunk.size());
            for (Item item : chunk) {
                users.add(item.userId());
                commands.add(item.commandId());
                counts.add(item.platformCount());
            }
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("INSERT INTO deletion_item (request_id, user_id,"
                        + " command_id, platform_count) SELECT ?, u, c, n FROM unnest(?::uuid[], ?::uuid[], ?::int[])"
                        + " AS t(u, c, n)");
                ps.setObject(1, requestId);
                ps.setArray(2, Sql.uuids(con, users));
                ps.setArray(3, Sql.uuids(con, commands));
                ps.setArray(4, Sql.ints(con, counts));
                return ps;
            });
        }
    }

    /** One page of items in user id order. */
    public List<Item> page(UUID requestId, long offset, int limit) {
        return jdbc.query("SELECT user_id, command_id, platform_count, outcome, reason FROM deletion_item"
                + " WHERE request_id = ? ORDER BY user_id LIMIT ? OFFSET ?", ROW, requestId, limit, offset);
    }

    /** The next {@code limit} items after {@code afterUserId} (null: from the start), for walking all items. */
    public List<Item> chunkAfter(UUID requestId, UUID afterUserId, int limit) {
        if (afterUserId == null) {
            return jdbc.query("SELECT user_id, command_id, platform_count, outcome, reason FROM deletion_item"
                    + " WHERE request_id = ? ORDER BY user_id LIMIT ?", ROW, requestId, limit);
        }
        return jdbc.query("SELECT user_id, command_id, platform_count, outcome, reason FROM deletion_item"
                + " WHERE request_id = ? AND user_id > ? ORDER BY user_id LIMIT ?", ROW, requestId, afterUserId, limit);
    }

    public long count(UUID requestId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Long.class,
                requestId);
        return count == null ? 0 : count;
    }
}
