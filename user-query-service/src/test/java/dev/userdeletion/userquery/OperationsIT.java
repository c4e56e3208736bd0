package dev.userdeletion.userquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userdeletion.testsupport.OpenApiDocuments;
import dev.userdeletion.testsupport.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/** What operators and API clients rely on besides the endpoints themselves. */
class OperationsIT extends IntegrationTest {

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        Response r = get("/v3/api-docs");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        // complete, and the same as docs/openapi/user-query-service.json (rewritten by the build when it is not)
        OpenApiDocuments.assertComplete(r.body());
        OpenApiDocuments.assertCurrent("user-query-service", r.body());
        // every operation needs a bearer token, and the document says so
        assertThat(r.body().at("/components/securitySchemes/bearer/scheme").asString()).as(r.raw())
                .isEqualTo("bearer");
        assertThat(r.body().at("/security/0").has("bearer")).as(r.raw()).isTrue();
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
    void databaseErrorsCarryNoRowValuesIntoLogs() {
        // a CHECK violation's detail would otherwise quote the whole failing row, email included
        assertThatThrownBy(() -> jdbc.update("INSERT INTO platform_user (user_id, platform_id, email, role, platform_count,"
                + " joined_at) VALUES (?, 'p', ?, 'ADMIN', 1, now())", UUID.randomUUID(), "secret@example.com"))
                .isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(stackTrace(e)).contains("platform_user_role_check").doesNotContain("secret@"));
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void thePgTrgmExtensionIsInstalledForSubstringSearch() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'", Integer.class))
                .isEqualTo(1);
    }
}
