package dev.userdeletion.gateway.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

/**
 * Production sign-in: OAuth2 login (authorisation code) against the client registration configured under
 * {@code spring.security.oauth2.client.registration.*}. The authorised client (access and refresh token) stays in
 * the session; before each relayed call the token is refreshed if it has expired and the authorisation server
 * issued a refresh token.
 */
@Component
@Profile("!local")
public class OAuth2SignIn implements SignIn {

    private final OAuth2AuthorizedClientManager clients;

    OAuth2SignIn(ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
                authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        this.clients = manager;
    }

    @Override
    public void configure(HttpSecurity http) throws Exception {
        // with one registration, a signed-out browser asking for a page goes straight to the authorisation server
        http.oauth2Login(login -> login.defaultSuccessUrl("/", true));
    }

    @Override
    public Optional<String> accessToken(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof OAuth2AuthenticationToken login)) {
            return Optional.empty();
        }
        OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(login.getAuthorizedClientRegistrationId())
                .principal(authentication)
                .build()); // request and response come from RequestContextHolder
        return client == null ? Optional.empty() : Optional.of(client.getAccessToken().getTokenValue());
    }
}
