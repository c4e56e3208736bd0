package dev.userdeletion.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event catalogue cannot drift from the contracts: {@code docs/asyncapi.json} (AsyncAPI 3.0) is generated here
 * from {@link Topics}, {@link EventType} and the JSON Schemas in {@code src/main/resources/schemas} (the build
 * rewrites it, and this test fails when the committed file was not current), and {@code docs/events.md} names
 * every event with its schema.
 */
class AsyncApiDocumentTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** What the contracts cannot say: the key, who writes and who reads each topic. */
    private record Channel(String topic, String key, String writer, List<String> readers, String description) {
    }

    private static final List<Channel> CHANNELS = List.of(
            new Channel(Topics.USER_STATE, "userId", "membership-service", List.of("user-query-service",
                    "notification-service"), "The full state of a user after every change; a tombstone (null value)"
                    + " when the user is deleted. Compacted: the only topic that carries an email."),
            new Channel(Topics.DELETION_COMMANDS, "requestId (userId for the superseded version 1 records)",
                    "deletion-orchestrator", List.of("membership-service"),
                    "One DeleteUser per chunk of a confirmed deletion request's users (ids only)."),
            new Channel(Topics.DELETION_OUTCOMES, "requestId (userId for the superseded version 1 records)",
                    "membership-service", List.of("deletion-orchestrator", "notification-service"),
                    "The outcome of each DeleteUser chunk, user by user (ids only)."),
            new Channel(Topics.DELETION_REQUESTS, "requestId", "deletion-orchestrator", List.of("notification-service"),
                    "A deletion request's confirmation and completion with its counts (ids only)."),
            new Channel(Topics.CSM_FOLLOWUPS, "caseId", "notification-service", List.of(),
                    "The life of a CSM follow-up case (ids only), for CSM dashboards and audit."));

    @Test
    void theAsyncApiDocumentInDocsIsGeneratedFromTheContracts() throws IOException {
        String document = JSON.writeValueAsString(asyncApi()) + "\n";
        Path file = repositoryRoot().resolve("docs/asyncapi.json");
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!document.equals(before)) {
            Files.writeString(file, document, StandardCharsets.UTF_8);
        }
        assertThat(before).as("%s was not generated from the contracts; the build rewrote it: review and commit it",
                file).isEqualTo(document);
    }

    @Test
    void everyTopicHasAChannelAndEveryEventASchemaNamedAfterIt() throws IOException {
        assertThat(CHANNELS.stream().map(Channel::topic)).containsExactlyElementsOf(Topics.ALL);
        for (EventType type : EventType.values()) {
            JsonNode schema = schema(type);
            assertThat(schema.get("title").asString()).isEqualTo(type.wireName());
            assertThat(schema.get("$id").asString()).endsWith(":" + type.wireName() + ":" + type.version());
        }
    }

    @Test
    void theCatalogueNamesEveryEventWithItsSchema() throws IOException {
        String catalogue = Files.readString(repositoryRoot().resolve("docs/events.md"));
        for (EventType type : EventType.values()) {
            assertThat(catalogue).as(type.wireName()).contains("`" + type.wireName() + "`")
                    .contains("../libs/event-contracts/src/main/resources" + type.schemaResource());
        }
        Topics.ALL.forEach(topic -> assertThat(catalogue).contains("`" + topic + "`"));
    }

    static ObjectNode asyncApi() throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "User deletion events");
        info.put("version", "1");
        info.put("description", "The Kafka topics between the user-deletion services. Every event is written to the"
                + " writer's outbox table in the transaction of its state change and relayed by Debezium, at least"
                + " once: consumers deduplicate by the id header. A record that cannot be processed goes to"
                + " <topic>-dlt with the same key, value and headers. Generated from the event-contracts module.");
        doc.put("defaultContentType", "application/json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("EventHeaders", headers());
        for (Channel channel : CHANNELS) {
            String name = channelName(channel.topic());
            ObjectNode node = channels.putObject(name);
            node.put("address", channel.topic());
            node.put("description", channel.description() + " Key: " + channel.key() + ". Written by "
                    + channel.writer() + (channel.readers().isEmpty() ? "." : "; read by "
                    + String.join(", ", channel.readers()) + "."));
            ObjectNode channelMessages = node.putObject("messages");
            ArrayNode sent = JSON.createArrayNode();
            for (EventType type : EventType.values()) {
                if (!type.topic().equals(channel.topic())) {
                    continue;
                }
                String id = messageId(type);
                channelMessages.putObject(id).put("$ref", "#/components/messages/" + id);
                sent.addObject().put("$ref", "#/channels/" + name + "/messages/" + id);
                messages.set(id, message(type, channel));
                schemas.set(id, schema(type));
            }
            operations.set("send" + capitalised(name), operation("send", name, sent, channel.writer()));
            for (String reader : channel.readers()) {
                operations.set(camel(reader) + "Receives" + capitalised(name),
                        operation("receive", name, sent, reader));
            }
        }
        return doc;
    }

    /** A superseded version keeps its own name: the current version of the same event is the plain name. */
    private static String messageId(EventType type) {
        return type.superseded() ? type.wireName() + "V" + type.version() : type.wireName();
    }

    private static ObjectNode operation(String action, String channel, ArrayNode messages, String service) {
        ObjectNode operation = JSON.createObjectNode();
        operation.put("action", action);
        operation.putObject("channel").put("$ref", "#/channels/" + channel);
        operation.put("summary", service + ("send".equals(action) ? " writes (through its outbox)" : " consumes"));
        operation.set("messages", messages.deepCopy());
        return operation;
    }

    private static ObjectNode message(EventType type, Channel channel) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type.wireName());
        message.put("title", type.wireName() + " v" + type.version());
        if (type.superseded()) {
            message.put("summary", "Superseded: no longer written; still read when found in the log.");
        }
        message.put("contentType", "application/json");
        message.putObject("headers").put("$ref", "#/components/schemas/EventHeaders");
        message.putObject("payload").put("$ref", "#/components/schemas/" + messageId(type));
        ObjectNode key = message.putObject("bindings").putObject("kafka").putObject("key");
        key.put("type", "string");
        key.put("format", "uuid");
        key.put("description", "The record key: the " + channel.key());
        return message;
    }

    /** The headers the outbox relay puts on every record (see the messaging library). */
    private static ObjectNode headers() {
        ObjectNode headers = JSON.createObjectNode();
        headers.put("type", "object");
        headers.putArray("required").add("id").add("eventType").add("schemaVersion");
        ObjectNode properties = headers.putObject("properties");
        Map.of("id", "The event id (UUID): consumers record it in their inbox and ignore a redelivery",
                        "eventType", "The event's name, e.g. DeleteUser (never a Java class name)",
                        "schemaVersion", "The version of the event's schema, e.g. 1",
                        "createdAt", "When the event was written to the outbox (ISO-8601), for the relay lag",
                        "traceparent", "W3C trace context of the change that wrote the event, so one deletion can be"
                                + " followed across services (absent for events written outside a trace)")
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(header -> properties.putObject(header.getKey()).put("type", "string")
                        .put("description", header.getValue()));
        return headers;
    }

    private static JsonNode schema(EventType type) throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as(type.schemaResource()).isNotNull();
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // AsyncAPI's default schema format is its own JSON Schema dialect: the 2020-12 keywords used here read the same
            schema.remove("$schema");
            return schema;
        }
    }

    private static String channelName(String topic) {
        return camel(topic.replace('.', '-'));
    }

    private static String camel(String dashed) {
        StringBuilder name = new StringBuilder();
        for (String part : dashed.split("-")) {
            name.append(name.isEmpty() ? part : capitalised(part));
        }
        return name.toString();
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }
}
