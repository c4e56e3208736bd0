package dev.userdeletion.notification.mail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.userdeletion.notification.security.MembershipServiceTokens;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The platform's CSM and admin addresses, read from membership-service each time a mail is sent. The sender
 * runs in the background, with no caller whose token could be relayed, so it calls with this service's own
 * short-lived {@code SERVICE} tokens ({@link MembershipServiceTokens}, OAuth2 client credentials).
 */
@Component
class PlatformContacts {

    private final RestClient client;

    PlatformContacts(RestClient.Builder builder, @Value("${notification.membership.base-url}") String baseUrl,
                     @Value("${notification.membership.timeout:5s}") Duration timeout,
                     MembershipServiceTokens tokens) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        this.client = builder.baseUrl(baseUrl).requestFactory(requests).requestInterceptor(tokens)
                .build();
    }

    /** The platform; throws when membership-service cannot be reached or does not know the platform. */
    Platform platform(String platformId) {
        Platform platform = client.get().uri("/api/platforms/{platformId}", platformId).retrieve().body(Platform.class);
        if (platform == null) {
            throw new IllegalStateException("membership-service answered without a platform");
        }
        return platform;
    }

    String address(String platformId, RecipientKind kind) {
        Platform platform = platform(platformId);
        return kind == RecipientKind.CSM ? platform.csmEmail() : platform.adminEmail();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Platform(String platformId, String name, String csmEmail, String adminEmail) {
    }
}
