package dev.userdeletion.membership.security;

import static dev.userdeletion.security.Access.adminOfPathPlatform;
import static dev.userdeletion.security.Access.anyOf;
import static dev.userdeletion.security.Access.role;
import static dev.userdeletion.security.ApiRole.CSM;
import static dev.userdeletion.security.ApiRole.PLATFORM_PROVISIONER;
import static dev.userdeletion.security.ApiRole.SERVICE;

import dev.userdeletion.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call which endpoint of membership-service. PLATFORM_PROVISIONER creates platforms and sets their
 * name and contact addresses: the CSM and admin addresses receive the emails of users who could not be
 * deleted, so no other role may change them. SERVICE is the product's other back ends (they manage members,
 * logins and access lists, and read platforms and users); the CSM reads platforms and users and removes a
 * membership; a PLATFORM_ADMIN reads its own platform and its access list only. AUDITOR gets nothing
 * here. Anything not named is refused by the security library (deny by default).
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules membershipAccess() {
        return rules -> {
            rules.requestMatchers(HttpMethod.PUT, "/api/platforms/{platformId}").access(role(PLATFORM_PROVISIONER));
            rules.requestMatchers(HttpMethod.GET, "/api/platforms/{platformId}")
                    .access(anyOf(role(SERVICE, PLATFORM_PROVISIONER, CSM), adminOfPathPlatform()));
            rules.requestMatchers(HttpMethod.POST, "/api/platforms/{platformId}/members").access(role(SERVICE));
            rules.requestMatchers(HttpMethod.DELETE, "/api/platforms/{platformId}/members/{userId}").access(role(CSM));
            rules.requestMatchers(HttpMethod.PUT, "/api/platforms/{platformId}/access-list/{email}").access(role(SERVICE));
            rules.requestMatchers(HttpMethod.DELETE, "/api/platforms/{platformId}/access-list/{email}")
                    .access(role(SERVICE));
            rules.requestMatchers(HttpMethod.GET, "/api/platforms/{platformId}/access-list")
                    .access(anyOf(role(SERVICE), adminOfPathPlatform()));
            rules.requestMatchers(HttpMethod.POST, "/api/users/{userId}/logins").access(role(SERVICE));
            rules.requestMatchers(HttpMethod.GET, "/api/users/{userId}").access(role(SERVICE, CSM));
        };
    }
}
