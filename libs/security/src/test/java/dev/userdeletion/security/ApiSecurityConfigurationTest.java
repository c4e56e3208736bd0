package dev.userdeletion.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.infra.LocalTokenIssuer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A service without its issuer, key or audience does not start: it would accept tokens meant for others. */
class ApiSecurityConfigurationTest {

    private static final LocalTokenIssuer TOKENS = LocalTokenIssuer.temporary();

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ApiSecurityAutoConfiguration.class));

    private static String[] trust(String... more) {
        List<String> properties = new ArrayList<>();
        TOKENS.springProperties().forEach((key, value) -> properties.add(key + "=" + value));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    @Test
    void withoutAnAudienceTheServiceDoesNotStart() {
        service.withPropertyValues(trust()).run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining(ApiSecurityAutoConfiguration.AUDIENCES_PROPERTY));
        service.withPropertyValues(trust(ApiSecurityAutoConfiguration.AUDIENCES_PROPERTY + "= "))
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void withoutAnIssuerTheServiceDoesNotStart() {
        service.withPropertyValues(ApiSecurityAutoConfiguration.AUDIENCES_PROPERTY + "=things-service",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + TOKENS.publicKeyFile().toUri())
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("issuer-uri"));
    }

    @Test
    void withIssuerKeyAndAudienceItHasItsDecoder() {
        service.withPropertyValues(trust(ApiSecurityAutoConfiguration.AUDIENCES_PROPERTY + "=things-service"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
    }
}
