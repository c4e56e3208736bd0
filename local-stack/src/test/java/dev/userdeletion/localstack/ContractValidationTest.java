package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The validator the end-to-end suites run every exchange through catches drift: the answers issue 16 found wrong
 * (a 201 the document did not declare, an undeclared problem) fail against a document without them, and the
 * committed documents accept what the services really answer.
 */
class ContractValidationTest {

    private static final String BASE = "/api/platforms/acme/deletion-requests";
    private static final String REQUEST = """
            {"requestId":"0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f","platformId":"acme","state":"DRAFT","version":1,
             "selection":{"mode":"USERS","userIds":[],"userCount":0},"count":0,"deleted":0,"rejected":0,
             "alreadyGone":0,"pending":0,"failed":0,"rejectedByReason":{},"createdAt":"2026-01-01T00:00:00Z",
             "createdBy":"admin-acme","stalled":false}""";

    @Test
    void aCreatedRequestConformsToThePublishedDocument() throws IOException {
        assertThat(ContractValidation.violations(committed("deletion-orchestrator"), created())).isEmpty();
    }

    @Test
    void a201ThatTheDocumentDoesNotDeclareIsDrift() throws IOException {
        String only200 = Files.readString(document("deletion-orchestrator"))
                .replaceFirst("\"201\" : \\{", "\"299\" : {");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(only200).withResolveCombinators(true).build();
        assertThat(ContractValidation.violations(validator, created())).contains("201");
    }

    @Test
    void aDeclaredProblemConforms() throws IOException {
        ApiClient.Exchange refused = new ApiClient.Exchange("", "GET", "/api/users/0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f",
                Map.of(), null, 404, Map.of("Content-Type", List.of("application/problem+json")), """
                {"detail":"User does not exist","instance":"/api/users/0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f",
                 "status":404,"title":"Not found","type":"https://user-deletion.example/problems/not-found"}""");
        assertThat(ContractValidation.violations(committed("membership-service"), refused)).isEmpty();
    }

    @Test
    void aProblemTypeTheOperationDoesNotDeclareIsDrift() throws IOException {
        ApiClient.Exchange refused = new ApiClient.Exchange("", "GET", BASE + "/0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f",
                Map.of(), null, 404, Map.of("Content-Type", List.of("application/problem+json")), """
                {"type":"https://user-deletion.example/problems/count-mismatch","title":"Not found","status":404,
                 "detail":"Deletion request 0b6f1c9e-8a8e-4c1e-9a4e-2b7f0c1d2e3f does not exist"}""");
        assertThat(ContractValidation.violations(committed("deletion-orchestrator"), refused)).contains("not found in enum");
    }

    private static ApiClient.Exchange created() {
        return new ApiClient.Exchange("", "POST", BASE, Map.of("Idempotency-Key", List.of("k-1")), null, 201,
                Map.of("Content-Type", List.of("application/json"), "ETag", List.of("\"1\"")), REQUEST);
    }

    private static OpenApiInteractionValidator committed(String service) throws IOException {
        return OpenApiInteractionValidator.createForInlineApiSpecification(Files.readString(document(service)))
                .withResolveCombinators(true).build();
    }

    private static Path document(String service) {
        return Path.of(System.getProperty("stack.repository-root", "..")).resolve("docs/openapi/" + service + ".json");
    }
}
