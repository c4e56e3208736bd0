package dev.userdeletion.orchestrator.access;

import static dev.userdeletion.security.Access.adminOfPathPlatform;
import static dev.userdeletion.security.Access.anyOf;
import static dev.userdeletion.security.Access.role;

import dev.userdeletion.orchestrator.request.RequestPaths;
import dev.userdeletion.security.AccessRules;
import dev.userdeletion.security.ApiRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call which endpoint of the orchestrator. Every route is named with its method, so an endpoint added
 * later stays closed (deny by default) until it gets a rule here and a row in {@code AuthorizationMatrixIT}.
 * <ul>
 *   <li>{@code PLATFORM_ADMIN} of the path's {@code {platformId}}: every deletion-request endpoint;</li>
 *   <li>{@code AUDITOR} of any platform: reading one request and the list (ids and counts; a FILTER's email
 *       substring is withheld, see {@link PlatformScope}); not the items (emails), nothing that writes;</li>
 *   <li>{@code CSM}, {@code SERVICE}: none of them (SERVICE keeps the actuator, as the security library rules).</li>
 * </ul>
 * An admin of another platform is refused (403) before anything is looked up, so the answer is the same whether
 * the platform or request exists or not.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    private static final String REQUESTS = RequestPaths.BASE;
    private static final String REQUEST = REQUESTS + "/{requestId}";

    @Bean
    AccessRules deletionRequestAccess() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, REQUESTS, REQUEST)
                .access(anyOf(adminOfPathPlatform(), role(ApiRole.AUDITOR)))
                .requestMatchers(HttpMethod.POST, REQUESTS).access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.DELETE, REQUEST).access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.PUT, REQUEST + "/selection").access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.PATCH, REQUEST + "/selection").access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.POST, REQUEST + "/review").access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.GET, REQUEST + "/items").access(adminOfPathPlatform())
                .requestMatchers(HttpMethod.POST, REQUEST + "/confirmation").access(adminOfPathPlatform());
    }
}
