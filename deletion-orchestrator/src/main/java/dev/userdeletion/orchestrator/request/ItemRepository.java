package dev.userdeletion.orchestrator.request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The frozen items of requests ({@code deletion_item}); writes are set-based, reads are paged. */
@Repository
public class ItemRepository {

    private static final RowMapper<Item> ROW = (rs, i) -> new Item(rs.getObject("user_id", UUID.class),
            rs.getObject("command_id", UUID.class), rs.getInt("platform_count"), rs.getString("outcome"),
            rs.getString("reason"), rs.getString("failure"));
    private static final String SELECT = "SELECT user_id, command_id, platform_count, outcome, reason, failure"
            + " FROM deletion_item";

    private final JdbcTemplate jdbc;

    public ItemRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int deleteAll(UUID requestId) {
        return jdbc.update("DELETE FROM deletion_item WHERE request_id = ?", requestId);
    }

    /** PostgreSQL's order of uuids: their 16 bytes compared unsigned (Java's {@code UUID.compareTo} is signed). */
    private static final Comparator<UUID> DATABASE_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /**
     * Inserts the items with {@code COPY} (a review of 100,000 users writes 100,000 rows; COPY is the cheapest way
     * PostgreSQL takes them), streamed in blocks of {@code rowsPerWrite} rows, in primary key order so that the
     * index grows at its end instead of splitting pages all over. Ids and numbers only, so the text format needs no
     * escaping. Every {@code chunkSize} consecutive users (in that order) share one new command id: the chunks that
     * confirmation sends ({@link #chunks}).
     */
    public void insert(UUID requestId, List<Item> unordered, int rowsPerWrite, int chunkSize) {
        if (unordered.isEmpty()) {
            return;
        }
        List<Item> items = unordered.stream().sorted(Comparator.comparing(Item::userId, DATABASE_ORDER)).toList();
        jdbc.execute((ConnectionCallback<Long>) con -> {
            CopyIn copy = con.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY deletion_item (request_id, user_id, command_id, platform_count) FROM STDIN");
            try {
                String request = requestId + "\t";
                StringBuilder rows = new StringBuilder(rowsPerWrite * 120);
                UUID chunk = null;
                for (int i = 0; i < items.size(); i++) {
                    Item item = items.get(i);
                    if (i % chunkSize == 0) {
                        chunk = UUID.randomUUID();
                    }
                    rows.append(request).append(item.userId()).append('\t').append(chunk).append('\t')
                            .append(item.platformCount()).append('\n');
                    if ((i + 1) % rowsPerWrite == 0 || i == items.size() - 1) {
                        byte[] block = rows.toString().getBytes(StandardCharsets.US_ASCII);
                        copy.writeToCopy(block, 0, block.length);
                        rows.setLength(0);
                    }
                }
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        });
    }

    /** One page of the items whose outcome is one of {@code outcomes} (empty: any), in user id order. */
    public List<Item> page(UUID requestId, Set<ItemOutcome> outcomes, long offset, int limit) {
        return jdbc.query(SELECT + " WHERE request_id = ?" + where(outcomes) + " ORDER BY user_id LIMIT ? OFFSET ?",
                ROW, requestId, limit, offset);
    }

    public long count(UUID requestId, Set<ItemOutcome> outcomes) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?" + where(outcomes),
                Long.class, requestId);
        return count == null ? 0 : count;
    }

    /** A condition made of fixed SQL per outcome, never of input. */
    private static String where(Set<ItemOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return "";
        }
        return outcomes.stream().map(outcome -> switch (outcome) {
            case PENDING -> "(outcome IS NULL AND failure IS NULL)";
            case FAILED -> "(outcome IS NULL AND failure IS NOT NULL)";
            case DELETED -> "outcome = 'DELETED'";
            case REJECTED -> "outcome = 'REJECTED'";
            case ALREADY_GONE -> "outcome = 'ALREADY_GONE'";
        }).sorted().collect(Collectors.joining(" OR ", " AND (", ")"));
    }

    /** The users of one command: a chunk of the request's items, in user id order. */
    public record Chunk(UUID commandId, List<UUID> userIds) {
    }

    /**
     * Walks the request's chunks in user id order, reading {@code rowsPerRead} items at a time: the users of one
     * command id are consecutive in that order ({@link #insert}), whatever the reads' size.
     */
    public void chunks(UUID requestId, int rowsPerRead, Consumer<Chunk> each) {
        UUID after = null;
        UUID command = null;
        List<UUID> users = new ArrayList<>();
        while (true) {
            List<Item> page = after == null
                    ? jdbc.query(SELECT + " WHERE request_id = ? ORDER BY user_id LIMIT ?", ROW, requestId, rowsPerRead)
                    : jdbc.query(SELECT + " WHERE request_id = ? AND user_id > ? ORDER BY user_id LIMIT ?", ROW,
                            requestId, after, rowsPerRead);
            for (Item item : page) {
                if (!item.commandId().equals(command) && !users.isEmpty()) {
                    each.accept(new Chunk(command, List.copyOf(users)));
                    users.clear();
                }
                command = item.commandId();
                users.add(item.userId());
            }
            if (page.size() < rowsPerRead) {
                if (!users.isEmpty()) {
                    each.accept(new Chunk(command, List.copyOf(users)));
                }
                return;
            }
            after = page.getLast().userId();
        }
    }
}
