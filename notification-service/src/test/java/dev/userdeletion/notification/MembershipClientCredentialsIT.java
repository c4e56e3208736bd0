package dev.userdeletion.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.infra.LocalTokenIssuer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The mail sender reads platform contacts from membership-service with this service's own short-lived token,
 * obtained by the OAuth2 client-credentials grant at the token endpoint: no long-lived token is configured.
 */
class MembershipClientCredentialsIT extends IntegrationTest {

    @Test
    void platformContactsAreReadWithAShortLivedServiceTokenFromTheTokenEndpoint() throws Exception {
        Platform platform = newPlatform();
        send(completed(UUID.randomUUID(), platform, 2, 0));

        assertThat(awaitAllMailSent(platform, 1, platform.adminEmail())).hasSize(1);
        assertThat(TOKEN_ENDPOINT.issued(CLIENT.id())).as("tokens issued to notification-service").isPositive();
        JWTClaimsSet token = MEMBERSHIP.lastAcceptedToken();
        assertThat(token).as("the token membership-service accepted").isNotNull();
        assertThat(token.getSubject()).isEqualTo("notification-service");
        assertThat(token.getAudience()).as("for membership-service only").containsExactly(LocalTokenIssuer.MEMBERSHIP_SERVICE);
        assertThat(token.getStringListClaim("roles")).containsExactly(LocalTokenIssuer.SERVICE);
        assertThat(Duration.between(token.getIssueTime().toInstant(), token.getExpirationTime().toInstant()))
                .as("short-lived").isLessThanOrEqualTo(Duration.ofMinutes(5));
    }
}
