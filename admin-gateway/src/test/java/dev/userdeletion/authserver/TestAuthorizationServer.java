package dev.userdeletion.authserver;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real Spring Authorization Server standing for the product's, for the gateway's production sign-in test: one
 * user, one client (the gateway), access tokens with the claims the services read. Outside the gateway's package
 * so the gateway's own component scan never picks it up.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestAuthorizationServer {

    /** The product's authorisation server puts the caller's roles and platform in the access token. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> productClaims() {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getClaims().claim("roles", List.of("PLATFORM_ADMIN")).claim("platform_id", "acme-academy");
            }
        };
    }

    /** Starts it on {@code port} with user {@code username}/{@code password} and the gateway as a client. */
    public static ConfigurableApplicationContext start(int port, String issuer, String redirectUri, String username,
                                                       String password) {
        String client = "spring.security.oauth2.authorizationserver.client.gateway.";
        Map<String, Object> properties = Map.ofEntries(
                Map.entry("server.port", port),
                Map.entry("server.servlet.session.cookie.name", "AUTH_SESSION"),
                Map.entry("server.servlet.session.cookie.secure", "false"),
                Map.entry("spring.security.user.name", username),
                Map.entry("spring.security.user.password", password),
                Map.entry("spring.security.oauth2.authorizationserver.issuer", issuer),
                Map.entry(client + "registration.client-id", "admin-gateway"),
                Map.entry(client + "registration.client-secret", "{noop}gateway-secret"),
                Map.entry(client + "registration.client-authentication-methods", "client_secret_basic"),
                Map.entry(client + "registration.authorization-grant-types", "authorization_code,refresh_token"),
                Map.entry(client + "registration.redirect-uris", redirectUri),
                Map.entry(client + "registration.scopes", "openid"),
                Map.entry(client + "require-authorization-consent", "false"));
        // as arguments: they outrank the gateway's application.yml on the same classpath
        return new SpringApplicationBuilder(TestAuthorizationServer.class).run(properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
