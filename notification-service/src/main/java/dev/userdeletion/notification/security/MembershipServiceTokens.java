package dev.userdeletion.notification.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * This service's own identity towards membership-service: short-lived {@code SERVICE} tokens (audience
 * {@code membership-service}) by the OAuth2 client-credentials grant. A token is fetched from the authorisation
 * server's endpoint ({@code notification.membership.token-uri}) with this service's client id and secret (HTTP
 * Basic), kept until a minute before it expires, then fetched again; a 401 or 403 from membership-service drops
 * it, so the next call fetches a new one. A token endpoint that is down or refuses the client fails the call like
 * membership-service being down: the mail waits and is retried. Tokens are never logged.
 */
@Component
public final class MembershipServiceTokens implements ClientHttpRequestInterceptor {

    static final String REGISTRATION_ID = "membership-service";
    /** Fetch a new token this long before the kept one expires (Spring Security's default). */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private final OAuth2ClientHttpRequestInterceptor tokens;

    @Autowired
    MembershipServiceTokens(@Value("${notification.membership.token-uri:}") String tokenUri,
                            @Value("${notification.membership.client-id:notification-service}") String clientId,
                            @Value("${notification.membership.client-secret:}") String clientSecret,
                            @Value("${notification.membership.timeout:5s}") Duration timeout) {
        this(tokenUri, clientId, clientSecret, timeout, Clock.systemUTC());
    }

    MembershipServiceTokens(String tokenUri, String clientId, String clientSecret, Duration timeout, Clock clock) {
        required("notification.membership.token-uri", tokenUri);
        required("notification.membership.client-id", clientId);
        required("notification.membership.client-secret", clientSecret);
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientId(clientId.strip())
                .clientSecret(clientSecret.strip())
                .tokenUri(tokenUri.strip())
                .build();
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
        InMemoryOAuth2AuthorizedClientService kept = new InMemoryOAuth2AuthorizedClientService(registrations);

        ClientCredentialsOAuth2AuthorizedClientProvider grant = new ClientCredentialsOAuth2AuthorizedClientProvider();
        grant.setAccessTokenResponseClient(tokenEndpoint(timeout));
        grant.setClock(clock);
        grant.setClockSkew(RENEW_BEFORE_EXPIRY);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, kept);
        manager.setAuthorizedClientProvider(grant);

        // one identity whatever thread calls (the mail sender has no caller; a request thread's caller is not us)
        Authentication self = UsernamePasswordAuthenticationToken.authenticated(clientId, null, AuthorityUtils.NO_AUTHORITIES);
        tokens = new OAuth2ClientHttpRequestInterceptor(manager);
        tokens.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        tokens.setPrincipalResolver(request -> self);
        tokens.setAuthorizationFailureHandler(OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(kept));
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        return tokens.intercept(request, body, execution);
    }

    /** Spring Security's token-response client, with timeouts: a hanging token endpoint must not hold the sender. */
    private static RestClientClientCredentialsTokenResponseClient tokenEndpoint(Duration timeout) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
        client.setRestClient(RestClient.builder()
                .requestFactory(requests)
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    private static void required(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set " + property + ": notification-service reads platform contacts from "
                    + "membership-service with short-lived tokens of the OAuth2 client-credentials grant");
        }
    }
}
