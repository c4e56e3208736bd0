package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;

class UrlWithoutQueryObservationsTest {

    private final UrlWithoutQueryObservations observations = new UrlWithoutQueryObservations("http.client.requests");

    @Test
    void theUrlOfACallKeepsItsPathAndLosesItsQuery() {
        ClientRequestObservationContext call = new ClientRequestObservationContext(new MockClientHttpRequest(
                HttpMethod.GET, URI.create("http://user-query:8082/api/platforms/p1/user-ids?withPlatformCount=true"
                        + "&email=jane.doe%40example.org")));
        call.setUriTemplate("/api/platforms/{platformId}/user-ids?withPlatformCount=true&email={email}");

        assertThat(observations.getHighCardinalityKeyValues(call)).contains(
                KeyValue.of("http.url", "http://user-query:8082/api/platforms/p1/user-ids"));
        assertThat(observations.getHighCardinalityKeyValues(call).stream().map(KeyValue::getValue))
                .noneMatch(value -> value.contains("jane"));
        assertThat(observations.getLowCardinalityKeyValues(call).stream().map(KeyValue::getValue))
                .noneMatch(value -> value.contains("jane"));
    }

    @Test
    void aUrlWithoutQueryIsUnchanged() {
        ClientRequestObservationContext call = new ClientRequestObservationContext(new MockClientHttpRequest(
                HttpMethod.GET, URI.create("http://user-query:8082/api/platforms/p1/users/count")));

        assertThat(observations.getHighCardinalityKeyValues(call)).contains(
                KeyValue.of("http.url", "http://user-query:8082/api/platforms/p1/users/count"));
    }
}
