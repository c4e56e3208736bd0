package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.OpenApiDocuments;
import dev.userdeletion.testsupport.Response;
import org.junit.jupiter.api.Test;

class DeletionOrchestratorApplicationIT extends IntegrationTest {

    @Test
    void startsHealthyOnRealInfrastructure() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"");
    }

    @Test
    void publishesItsOpenApiDocument() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        // complete, and the same as docs/openapi/deletion-orchestrator.json (rewritten by the build when it is not)
        OpenApiDocuments.assertComplete(docs.body());
        OpenApiDocuments.assertCurrent("deletion-orchestrator", docs.body());
        // every operation needs a bearer token, and the document says so
        assertThat(docs.body().at("/components/securitySchemes/bearer/scheme").asString()).as(docs.raw())
                .isEqualTo("bearer");
        assertThat(docs.body().at("/security/0").has("bearer")).as(docs.raw()).isTrue();
        assertThat(docs.body().get("paths").has("/api/platforms/{platformId}/deletion-requests/{requestId}/confirmation"))
                .as(docs.raw()).isTrue();
    }
}
