package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.OpenApiDocuments;
import dev.userdeletion.testsupport.Response;
import org.junit.jupiter.api.Test;

class NotificationApplicationIT extends IntegrationTest {

    @Test
    void startsHealthyOnRealInfrastructure() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"");
    }

    @Test
    void publishesItsOpenApiDocument() {
        Response docs = get("/v3/api-docs");
        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        // complete, and the same as docs/openapi/notification-service.json (rewritten by the build when it is not)
        OpenApiDocuments.assertComplete(docs.body());
        OpenApiDocuments.assertCurrent("notification-service", docs.body());
        // every operation needs a bearer token, and the document says so
        assertThat(docs.body().at("/components/securitySchemes/bearer/scheme").asString()).as(docs.raw())
                .isEqualTo("bearer");
        assertThat(docs.body().at("/security/0").has("bearer")).as(docs.raw()).isTrue();
        assertThat(docs.body().get("paths").propertyNames()).contains("/api/csm/follow-ups",
                "/api/csm/follow-ups/{caseId}", "/api/csm/follow-ups/{caseId}/emails.csv",
                "/api/platforms/{platformId}/notifications");
    }
}
