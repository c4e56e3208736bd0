package dev.userdeletion.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.ApiCalls;
import dev.userdeletion.testsupport.Response;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestContextManager;

/**
 * Random bearer values and paths never get past the filters nor cause a 5xx. jqwik runs outside Spring's
 * JUnit extension, so the property borrows {@link ApiSecurityIT}'s application context from Spring's
 * test-context cache (same configuration, same context).
 */
class HostileTokenPropertiesIT {

    private static ApiCalls api;

    @BeforeContainer
    static void borrowTheRunningService() throws Exception {
        TestContextManager spring = new TestContextManager(ApiSecurityIT.class);
        api = new ApiCalls(spring.getTestContext().getApplicationContext().getBean(TestRestTemplate.class));
    }

    @Property(tries = 200)
    void garbageTokensAreUnauthenticated(@ForAll("bearerValues") String bearer) {
        Response r = api.json(HttpMethod.GET, "/api/platforms/acme/things", null, Map.of("Authorization", bearer));
        assertThat(r.status()).as(r.raw()).isIn(400, 401);
        Response.assertProblem(r, r.status(), r.status() == 401 ? "unauthenticated" : "invalid-request");
    }

    @Provide
    Arbitrary<String> bearerValues() {
        Arbitrary<String> printable = Arbitraries.strings().ascii().ofMaxLength(300).map(s -> s.replaceAll("[\\x00-\\x1f\\x7f]", ""));
        Arbitrary<String> jwtLike = Arbitraries.strings().withChars("abcXYZ019-_=").ofMinLength(1).ofMaxLength(60)
                .list().ofSize(3).map(parts -> String.join(".", parts));
        return Arbitraries.oneOf(printable, jwtLike.map(t -> "Bearer " + t), printable.map(t -> "Bearer " + t));
    }
}
