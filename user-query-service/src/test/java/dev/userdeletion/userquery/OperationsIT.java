package dev.userdeletion.userquery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What operators and API clients rely on besides the endpoints themselves. */
class OperationsIT extends IntegrationTest {

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        Response r = get("/v3/api-docs");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("paths").propertyNames()).contains("/api/platforms/{platformId}/users",
                "/api/platforms/{platformId}/users/count", "/api/platforms/{platformId}/user-ids",
                "/api/platforms/{platformId}/users/lookup");
        JsonNode ids = r.body().get("paths").get("/api/platforms/{platformId}/user-ids").get("get")
                .get("responses").get("200").get("content").get("application/json").get("schema");
        assertThat(ids.get("type").asString()).isEqualTo("array");
        assertThat(ids.get("items").get("format").asString()).isEqualTo("uuid");
    }

    @Test
    void healthAndMetricsAreExposed() {
        assertThat(get("/actuator/health").body().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/prometheus").raw()).contains("kafka_consumer");
    }

    @Test
    void connectionsPlanEveryQueryForItsOwnValues() {
        assertThat(jdbc.queryForObject("SHOW plan_cache_mode", String.class)).isEqualTo("force_custom_plan");
        assertThat(jdbc.queryForObject("SHOW random_page_cost", String.class)).isEqualTo("1.1");
    }

    @Test
    void thePgTrgmExtensionIsInstalledForSubstringSearch() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'", Integer.class))
                .isEqualTo(1);
    }
}
