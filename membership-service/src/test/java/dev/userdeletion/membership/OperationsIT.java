package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.OpenApiDocuments;
import dev.userdeletion.testsupport.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;

/** What operators and API consumers rely on besides the API itself. */
class OperationsIT extends IntegrationTest {

    @Autowired
    ConsumerFactory<String, byte[]> consumers;

    @Test
    void healthIsUp() {
        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessCoversTheDatabaseAndMessaging() {
        Response readiness = get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
        assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    /**
     * The DeleteUser listener's group may have no committed offset (first deploy, new group id, offsets expired):
     * it must then read the commands already published, not start at the end of the topic and skip them.
     */
    @Test
    void theCommandListenerStartsAtTheBeginningWhenItsGroupHasNoOffsets() {
        assertThat(consumers.getConfigurationProperties()).containsEntry("auto.offset.reset", "earliest");
    }

    @Test
    void metricsAreExposedForPrometheus() {
        newPlatform();
        Response metrics = send(org.springframework.http.HttpMethod.GET, "/actuator/prometheus", null, null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("http_server_requests_seconds_count");
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        Response doc = get("/v3/api-docs");
        assertThat(doc.status()).as(doc.raw()).isEqualTo(200);
        // complete, and the same as docs/openapi/membership-service.json (rewritten by the build when it is not)
        OpenApiDocuments.assertComplete(doc.body());
        OpenApiDocuments.assertCurrent("membership-service", doc.body());
        // every operation needs a bearer token, and the document says so
        assertThat(doc.body().at("/components/securitySchemes/bearer/scheme").asString()).as(doc.raw())
                .isEqualTo("bearer");
        assertThat(doc.body().at("/security/0").has("bearer")).as(doc.raw()).isTrue();
        assertThat(doc.body().get("paths").propertyNames()).contains(
                "/api/platforms/{platformId}", "/api/platforms/{platformId}/members", "/api/users/{userId}",
                "/api/users/{userId}/logins", "/api/platforms/{platformId}/access-list",
                "/api/platforms/{platformId}/access-list/{email}");
    }
}
