package dev.userdeletion.userquery.security;

import dev.userdeletion.security.Access;
import dev.userdeletion.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call this service. Every endpoint reads one platform's users, emails included, so each is
 * open to a {@code PLATFORM_ADMIN} of the platform in the path and to no one else: CSM, AUDITOR and
 * SERVICE tokens get 403, and so does an admin of another platform, before anything is looked up (the
 * answer is the same whether that platform exists or not). Routes not named here are refused.
 *
 * <p>The deletion-orchestrator calls {@code user-ids} and {@code users/lookup} while it serves an admin's
 * review and items page, and it relays that admin's own bearer token ({@code BearerTokens.relayCaller()}).
 * So this service enforces the admin's platform scope itself, and the orchestrator never reaches further
 * than the admin it acts for: there is deliberately no SERVICE rule here.
 *
 * <p>Open without a token (by the security library): {@code /actuator/health/**} and {@code /v3/api-docs/**};
 * other actuator endpoints need SERVICE.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final String PLATFORM = "/api/platforms/{platformId}";

    @Bean
    AccessRules userQueryAccess() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, PLATFORM + "/users").access(Access.adminOfPathPlatform())
                .requestMatchers(HttpMethod.GET, PLATFORM + "/users/count").access(Access.adminOfPathPlatform())
                .requestMatchers(HttpMethod.GET, PLATFORM + "/user-ids").access(Access.adminOfPathPlatform())
                .requestMatchers(HttpMethod.POST, PLATFORM + "/users/lookup").access(Access.adminOfPathPlatform());
    }
}
