package dev.userdeletion.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** An answer with its body parsed (when it is JSON) and kept raw for failure messages. */
public record Response(int status, HttpHeaders headers, String raw, JsonNode body) {

    public MediaType contentType() {
        return headers.getContentType();
    }

    /** Asserts an RFC 9457 problem with the given status and stable type slug. */
    public static void assertProblem(Response r, int status, String slug) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).as(r.raw()).isNotNull();
        assertThat(r.contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(r.raw()).isTrue();
        assertThat(r.body().get("type").asString()).isEqualTo(ApiProblem.TYPE_PREFIX + slug);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("title").asString()).isNotBlank();
        assertThat(r.body().get("detail").asString()).isNotBlank();
    }
}
