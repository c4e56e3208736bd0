package dev.userdeletion.security;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A service with one platform-scoped and one SERVICE-only endpoint, to test the library on. */
@SpringBootApplication
class SecuredTestApplication {

    @Bean
    AccessRules testRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/platforms/{platformId}/things").access(Access.adminOfPathPlatform())
                .requestMatchers(HttpMethod.GET, "/api/back-office").access(Access.role(ApiRole.SERVICE, ApiRole.CSM));
    }

    @RestController
    static class Things {

        @GetMapping("/api/platforms/{platformId}/things")
        Map<String, String> things(@PathVariable String platformId) {
            return Map.of("platformId", platformId, "caller", Caller.id());
        }

        @GetMapping("/api/back-office")
        Map<String, String> backOffice() {
            return Map.of("caller", Caller.id());
        }
    }
}
