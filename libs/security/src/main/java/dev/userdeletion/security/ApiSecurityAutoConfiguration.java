package dev.userdeletion.security;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Makes a service an OAuth2 resource server. Tokens are RS256 JWTs checked against the key, issuer and
 * audience of the standard properties {@code spring.security.oauth2.resourceserver.jwt.public-key-location}
 * (or {@code jwk-set-uri}), {@code issuer-uri} and {@code audiences} (all required: a service without them
 * does not start), plus {@link TokenClaims}. The audience keeps a token minted for one service from being
 * accepted by another: its {@code aud} must name one of the configured audiences (each service's is its
 * application name). Open: {@code /actuator/health} and the OpenAPI document. The service's
 * {@link AccessRules} decide the rest; other actuator endpoints need {@code SERVICE}; anything else is
 * refused. Stateless: no session, no cookie, so no CSRF surface.
 */
// before Boot's resource-server configuration, whose JwtDecoder would skip the audience and claim rules
@AutoConfiguration(beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet."
        + "OAuth2ResourceServerAutoConfiguration")
@EnableWebSecurity
@Import(FirewallProblems.class)
public class ApiSecurityAutoConfiguration {

    /** This service's audiences: a token's {@code aud} must name one of them. */
    public static final String AUDIENCES_PROPERTY = "spring.security.oauth2.resourceserver.jwt.audiences";

    private final SecurityProblems problems = new SecurityProblems();

    /**
     * No observation around each security filter, the authentication or the authorization (Spring Security's
     * default when an observation registry exists): even disabled by property its wrappers stayed around every
     * filter, the largest cost of a cheap request after the filters themselves (docs/benchmarks.md). Each request
     * is still timed and traced as {@code http.server.requests}.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<AccessRules> serviceRules, JwtDecoder decoder)
            throws Exception {
        TokenClaims claims = new TokenClaims();
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(claims);
        authentication.setPrincipalClaimName(TokenClaims.SUBJECT);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(rules -> {
                    // an error page is rendered for a request that was already authorised (or refused)
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    rules.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**")
                            .permitAll();
                    serviceRules.orderedStream().forEach(service -> service.define(rules));
                    rules.requestMatchers("/actuator/**").hasRole(ApiRole.SERVICE.name());
                    rules.anyRequest().denyAll();
                });
        return http.build();
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return problems;
    }

    /** Verified tokens remembered until they expire (a few hundred bytes each). */
    static final int VERIFIED_TOKENS_KEPT = 10_000;

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(ResourceLoader resources, Environment environment,
                          @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.public-key-location:}") String publicKey,
                          @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri) {
        if (issuer.isBlank()) {
            throw new IllegalStateException("Set spring.security.oauth2.resourceserver.jwt.issuer-uri: tokens of any "
                    + "other issuer must be refused");
        }
        List<String> audiences = Binder.get(environment).bind(AUDIENCES_PROPERTY, Bindable.listOf(String.class))
                .orElse(List.of()).stream().map(String::strip).filter(audience -> !audience.isEmpty()).toList();
        if (audiences.isEmpty()) {
            throw new IllegalStateException("Set " + AUDIENCES_PROPERTY + " (this service's audience, by convention its "
                    + "spring.application.name): tokens minted for other services must be refused");
        }
        NimbusJwtDecoder decoder;
        if (!jwkSetUri.isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        } else if (!publicKey.isBlank()) {
            decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(resources.getResource(publicKey)))
                    .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        } else {
            throw new IllegalStateException("Set spring.security.oauth2.resourceserver.jwt.public-key-location "
                    + "(a PEM RSA public key) or jwk-set-uri: the services accept RS256 tokens of that key only");
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithIssuer(issuer), audienceIsOneOf(audiences), new TokenClaims())));
        return new CachingJwtDecoder(decoder, Clock.systemUTC(), VERIFIED_TOKENS_KEPT);
    }

    /** A token without {@code aud}, or whose {@code aud} names none of {@code audiences}, is invalid (401). */
    static OAuth2TokenValidator<Jwt> audienceIsOneOf(List<String> audiences) {
        return new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains));
    }

    private static RSAPublicKey readPublicKey(Resource pem) {
        try (InputStream in = pem.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Could not read the token signing public key from " + pem, e);
        }
    }
}
