package dev.userdeletion.messaging.inbox;

import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record read from Kafka with the envelope the relay gives every event: headers {@code id},
 * {@code eventType} and {@code schemaVersion}; the value is null for a tombstone.
 */
public record IncomingEvent(String topic, String key, UUID eventId, String type, String version, byte[] payload) {

    public static final String ID_HEADER = "id";
    public static final String TYPE_HEADER = "eventType";
    public static final String VERSION_HEADER = "schemaVersion";

    /** Reads the envelope; a record without a valid id and type breaks the contract. */
    public static IncomingEvent of(ConsumerRecord<String, byte[]> record) {
        String id = header(record, ID_HEADER);
        String type = header(record, TYPE_HEADER);
        if (id == null || type == null) {
            throw new InvalidEventException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " lacks the id or eventType header");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("Event id is not a UUID", e);
        }
        return new IncomingEvent(record.topic(), record.key(), eventId, type, header(record, VERSION_HEADER),
                record.value());
    }

    public boolean isTombstone() {
        return payload == null;
    }

    public <T extends Event> T decode(EventCodec codec, Class<T> expected) {
        return codec.decode(expected, type, version, payload);
    }

    public Event decode(EventCodec codec) {
        return codec.decode(type, version, payload);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
