package dev.userdeletion.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The local token endpoint speaks the client-credentials grant as RFC 6749 says, for registered clients only. */
class LocalTokenEndpointTest {

    private static final LocalTokenIssuer ISSUER = LocalTokenIssuer.temporary();
    private static final LocalTokenEndpoint.Client CLIENT = new LocalTokenEndpoint.Client("notification-service",
            "s3cret:with/odd+chars", List.of(LocalTokenIssuer.SERVICE), List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE));
    private static final LocalTokenEndpoint ENDPOINT =
            LocalTokenEndpoint.start(ISSUER, 0, Duration.ofMinutes(5), List.of(CLIENT));
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        ENDPOINT.close();
    }

    @Test
    void aRegisteredClientGetsAShortLivedTokenWithItsOwnRolesAndAudienceOnly() throws Exception {
        int before = ENDPOINT.issued(CLIENT.id());
        HttpResponse<String> r = post(basic(CLIENT.id(), CLIENT.secret()), "grant_type=client_credentials&scope=ADMIN");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        Map<String, Object> body = JSONObjectUtils.parse(r.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300L);
        SignedJWT jwt = SignedJWT.parse((String) body.get("access_token"));
        assertThat(jwt.verify(new RSASSAVerifier(ISSUER.publicKey()))).as("signed with the issuer's key").isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(LocalTokenIssuer.ISSUER);
        assertThat(claims.getSubject()).isEqualTo("notification-service");
        assertThat(claims.getAudience()).containsExactly(LocalTokenIssuer.MEMBERSHIP_SERVICE);
        assertThat(claims.getStringListClaim("roles")).as("a requested scope adds nothing").containsExactly("SERVICE");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(ENDPOINT.issued(CLIENT.id())).isEqualTo(before + 1);
    }

    @Test
    void unknownClientsAndWrongSecretsAreRefused() throws Exception {
        int before = ENDPOINT.issued(CLIENT.id());
        for (String authorization : new String[] {null, basic(CLIENT.id(), "wrong"), basic("someone-else", CLIENT.secret()),
                basic(CLIENT.id(), ""), "Basic !!not-base64!!", "Bearer " + ISSUER.csm("csm-1")}) {
            HttpResponse<String> r = post(authorization, "grant_type=client_credentials");
            assertThat(r.statusCode()).as(authorization).isEqualTo(401);
            assertThat(JSONObjectUtils.parse(r.body())).containsEntry("error", "invalid_client");
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(ENDPOINT.issued(CLIENT.id())).isEqualTo(before);
    }

    @Test
    void otherGrantsMethodsAndPathsAreRefused() throws Exception {
        String client = basic(CLIENT.id(), CLIENT.secret());
        HttpResponse<String> password = post(client, "grant_type=password&username=a&password=b");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(JSONObjectUtils.parse(password.body())).containsEntry("error", "unsupported_grant_type");
        assertThat(post(client, "grant_type=%zz").statusCode()).isEqualTo(400);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(ENDPOINT.tokenUri()))
                .header("Authorization", client).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create(ENDPOINT.tokenUri() + "/x"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ENDPOINT.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** RFC 6749 §2.3.1: id and secret each form-urlencoded, then Basic. */
    private static String basic(String id, String secret) {
        String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
