package dev.userdeletion.messaging.outbox;

import dev.userdeletion.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Many tombstones in one outbox row: deleting a chunk of 1,000 users writes one row instead of 1,000 (one WAL
 * insert, one decoded change and one relayed-row delete instead of a thousand each), and the relay sends one
 * tombstone per key. The row's {@code type} is {@link #TYPE}, never seen on the wire; its payload is the real
 * event type and version on the first line, then one key per line. Each tombstone's event id is derived from the
 * row's id and its key, so a row relayed twice repeats exactly the same events.
 */
public final class TombstoneRow {

    /** The outbox {@code type} of a row of tombstones. */
    public static final String TYPE = "Tombstones";

    /** One tombstone of the row: the record key and its event id. */
    public record Tombstone(UUID eventId, String key) {
    }

    /** What the row stands for: the tombstones' own type and version, and the tombstones in the order written. */
    public record Expanded(String eventType, int schemaVersion, List<Tombstone> tombstones) {
    }

    private TombstoneRow() {
    }

    static String payload(EventType type, List<String> keys) {
        StringBuilder payload = new StringBuilder(type.wireName()).append(' ').append(type.version());
        for (String key : keys) {
            if (key == null || key.isEmpty() || key.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("A tombstone key is a non-empty single line");
            }
            payload.append('\n').append(key);
        }
        return payload.toString();
    }

    /** The tombstones of the row with id {@code rowId} and this payload. */
    public static Expanded expand(UUID rowId, String payload) {
        String[] lines = payload.split("\n");
        String[] header = lines[0].split(" ");
        if (header.length != 2 || lines.length < 2) {
            throw new IllegalStateException("Not a row of tombstones: outbox row " + rowId);
        }
        List<Tombstone> tombstones = Arrays.stream(lines, 1, lines.length)
                .map(key -> new Tombstone(eventId(rowId, key), key)).toList();
        return new Expanded(header[0], Integer.parseInt(header[1]), tombstones);
    }

    private static UUID eventId(UUID rowId, String key) {
        return UUID.nameUUIDFromBytes((rowId + "/" + key).getBytes(StandardCharsets.UTF_8));
    }
}
