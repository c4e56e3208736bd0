package dev.userdeletion.notification.security;

import dev.userdeletion.security.Access;
import dev.userdeletion.security.AccessRules;
import dev.userdeletion.security.ApiRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call this service:
 * <ul>
 *   <li>{@code /api/csm/**} (follow-up cases, one case, its emails.csv, any later CSM endpoint): {@code CSM} only.
 *       They list users' emails of every platform, so no other role gets in.</li>
 *   <li>{@code GET /api/platforms/{platformId}/notifications}: the {@code PLATFORM_ADMIN} of that platform only. An
 *       admin of another platform gets 403 before anything is read, whether that platform exists or not.</li>
 * </ul>
 * {@code AUDITOR} and {@code SERVICE} get 403 everywhere; routes not named here are refused. Open without a token
 * (by the security library): {@code /actuator/health/**} and {@code /v3/api-docs/**}; other actuator endpoints
 * need {@code SERVICE}.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules notificationAccess() {
        return rules -> rules
                .requestMatchers("/api/csm/**").access(Access.role(ApiRole.CSM))
                .requestMatchers(HttpMethod.GET, "/api/platforms/{platformId}/notifications")
                .access(Access.adminOfPathPlatform());
    }
}
