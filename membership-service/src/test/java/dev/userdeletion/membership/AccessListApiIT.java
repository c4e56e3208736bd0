package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.Response;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccessListApiIT extends IntegrationTest {

    @Test
    void emailsAreAddedOnceNormalisedAndListedInOrder() {
        String platform = newPlatform();
        String other = newPlatform();
        for (String email : new String[] {"zoe@example.com", "Ada.Lovelace@Example.com", "ada@example.com",
                "b_b@example.com"}) {
            Response r = call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/" + email, null);
            assertThat(r.status()).as(r.raw()).isEqualTo(204);
        }
        // idempotent, also in another spelling of the same address
        assertThat(call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/ZOE@example.com", null).status())
                .isEqualTo(204);
        call(HttpMethod.PUT, "/api/platforms/" + other + "/access-list/other@example.com", null);

        Response list = get("/api/platforms/" + platform + "/access-list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("emails").valueStream().map(e -> e.asString()).toList())
                .containsExactly("ada.lovelace@example.com", "ada@example.com", "b_b@example.com", "zoe@example.com");
    }

    @Test
    void aPercentEncodedEmailIsDecodedTrimmedAndLowerCased() {
        String platform = newPlatform();
        Response r = call(HttpMethod.PUT, "/api/platforms/" + platform + "/access-list/%20Ann.Lee%2Btag@Example.COM%20", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(204);
        assertThat(get("/api/platforms/" + platform + "/access-list").body().get("emails").valueStream()
                .map(e -> e.asString()).toList()).containsExactly("ann.lee+tag@example.com");
    }

    @Test
    void aPlatformWithoutEntriesHasAnEmptyList() {
        Response list = get("/api/platforms/" + newPlatform() + "/access-list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("emails").isArray()).isTrue();
        assertThat(list.body().get("emails").size()).isZero();
    }
}
