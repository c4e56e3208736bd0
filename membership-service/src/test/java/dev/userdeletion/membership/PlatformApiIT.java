package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class PlatformApiIT extends IntegrationTest {

    @Test
    void putCreatesThenUpdatesAPlatformWithNormalisedEmails() {
        String id = "acme-" + System.nanoTime();
        Response created = call(HttpMethod.PUT, "/api/platforms/" + id,
                Map.of("name", "  Acme Academy ", "csmEmail", " CSM@Example.COM", "adminEmail", "Admin@Example.com "));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("platformId").asString()).isEqualTo(id);
        assertThat(created.body().get("name").asString()).isEqualTo("Acme Academy");
        assertThat(created.body().get("csmEmail").asString()).isEqualTo("csm@example.com");
        assertThat(created.body().get("adminEmail").asString()).isEqualTo("admin@example.com");
        assertThat(created.body().get("memberCount").asLong()).isZero();

        member(id, newEmail(), "MENTOR");
        member(id, newEmail(), "MENTEE");
        Response updated = call(HttpMethod.PUT, "/api/platforms/" + id,
                Map.of("name", "Acme Academy 2", "csmEmail", "csm2@example.com", "adminEmail", "admin2@example.com"));
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("name").asString()).isEqualTo("Acme Academy 2");
        assertThat(updated.body().get("memberCount").asLong()).isEqualTo(2);

        Response read = get("/api/platforms/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("platformId").asString()).isEqualTo(id);
        assertThat(read.body().get("name").asString()).isEqualTo("Acme Academy 2");
        assertThat(read.body().get("csmEmail").asString()).isEqualTo("csm2@example.com");
        assertThat(read.body().get("adminEmail").asString()).isEqualTo("admin2@example.com");
        assertThat(read.body().get("memberCount").asLong()).isEqualTo(2);
    }

    @Test
    void aNameOfExactly200CharactersAndAOneCharacterIdAreAccepted() {
        String id = Long.toString(System.nanoTime() % 36, 36);
        Response r = call(HttpMethod.PUT, "/api/platforms/" + id,
                Map.of("name", "n".repeat(200), "csmEmail", "csm@example.com", "adminEmail", "admin@example.com"));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        assertThat(get("/api/platforms/" + id).body().get("name").asString()).hasSize(200);
    }
}
