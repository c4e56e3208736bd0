package dev.userdeletion.contracts;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes events as JSON. Reading is strict: an unknown type or version, unknown fields or a
 * missing required field raise {@link InvalidEventException}, which consumers send to the dead-letter topic.
 */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public String encode(Event event) {
        return mapper.writeValueAsString(event);
    }

    /** Decodes a payload whose {@code eventType} and {@code schemaVersion} headers were read. */
    public Event decode(String wireName, String version, byte[] payload) {
        if (!EventType.isKnown(wireName)) {
            throw new InvalidEventException("Unknown event type " + wireName);
        }
        EventType type = parseVersion(version).flatMap(v -> EventType.of(wireName, v))
                .orElseThrow(() -> new InvalidEventException("Unsupported version " + version + " of " + wireName));
        if (payload == null) {
            throw new InvalidEventException(wireName + " has no payload");
        }
        try {
            return mapper.readValue(payload, type.javaType());
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof InvalidEventException invalid ? invalid : e;
            throw new InvalidEventException("Unreadable " + wireName + " v" + version + ": " + cause.getMessage(), e);
        } catch (InvalidEventException e) {
            throw e;
        }
    }

    /** 1 to 999 without a leading zero; read on every record, so without a regular expression. */
    private static Optional<Integer> parseVersion(String version) {
        if (version == null || version.isEmpty() || version.length() > 3 || version.charAt(0) == '0') {
            return Optional.empty();
        }
        int value = 0;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            value = value * 10 + (c - '0');
        }
        return Optional.of(value);
    }

    public <T extends Event> T decode(Class<T> expected, String wireName, String version, byte[] payload) {
        Event event = decode(wireName, version, payload);
        if (!expected.isInstance(event)) {
            throw new InvalidEventException("Expected " + expected.getSimpleName() + " but got " + wireName);
        }
        return expected.cast(event);
    }

}
