package dev.userdeletion.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents in {@code docs/openapi/} are the ones the services publish: the build writes each service's
 * document there, and a test fails when the committed file was not current (commit the rewritten one).
 */
public final class OpenApiDocuments {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private OpenApiDocuments() {
    }

    /**
     * The document is complete: a title, description and version of its own; every operation declares a 2xx, the
     * 401 and 403 of the security filters and, for every 4xx, a problem detail whose {@code type} is constrained to
     * its slugs; every answer is described.
     */
    public static void assertComplete(JsonNode document) {
        assertThat(document.at("/info/title").asString()).isNotBlank().isNotEqualTo("OpenAPI definition");
        assertThat(document.at("/info/description").asString()).isNotBlank();
        assertThat(document.at("/info/version").asString()).isNotBlank().isNotEqualTo("v0");
        assertThat(document.at("/components/schemas/Problem/properties/type").isMissingNode()).isFalse();
        for (var path : document.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode responses = operation.getValue().get("responses");
                assertThat(responses.propertyNames()).as(name).contains("401", "403")
                        .anyMatch(code -> code.startsWith("2"));
                for (var response : responses.properties()) {
                    String answer = name + " " + response.getKey();
                    assertThat(response.getValue().path("description").asString()).as(answer).isNotBlank()
                            .isNotEqualTo("No Content").isNotEqualTo("OK");
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        JsonNode schema = response.getValue().at("/content/application~1problem+json/schema");
                        assertThat(schema.at("/allOf/0/$ref").asString()).as(answer)
                                .isEqualTo("#/components/schemas/Problem");
                        assertThat(schema.at("/allOf/1/properties/type/enum").size()).as(answer).isPositive();
                    }
                }
            }
        }
    }

    /** Writes {@code document} to {@code docs/openapi/<service>.json} and fails if the file held something else. */
    public static void assertCurrent(String service, JsonNode document) {
        Path file = repositoryRoot().resolve("docs").resolve("openapi").resolve(service + ".json");
        // springdoc names the URL the document was fetched from as its server: a random port in tests, so none here
        JsonNode withoutServer = document.deepCopy();
        ((ObjectNode) withoutServer).remove("servers");
        String current = PRETTY.writeValueAsString(withoutServer) + "\n";
        try {
            String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            if (!current.equals(before)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, current, StandardCharsets.UTF_8);
            }
            assertThat(before).as("%s was not the document %s publishes; the build rewrote it: review and commit it",
                    file, service).isEqualTo(current);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code mvnw}: tests run in their module's directory, one or two levels below. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (a directory with mvnw and docs/) above "
                + Path.of("").toAbsolutePath());
    }
}
