package dev.userdeletion.gateway.web;

import dev.userdeletion.gateway.signin.SessionLifetime;
import dev.userdeletion.gateway.signin.SignIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The browser's side of the gateway: a session cookie (HttpOnly, SameSite=Lax, see {@code application.yml}),
 * never a bearer token; CSRF tokens on every state-changing request; a strict Content-Security-Policy (the page
 * is served from here and loads nothing from anywhere else) and the usual security headers. A signed-out API call
 * gets a 401 problem, never the sign-in redirect a page gets.
 */
@Configuration
class SecurityConfiguration {

    /** Nothing inline, nothing from elsewhere, no framing, forms post only here. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    static final String CSRF_HEADER = "X-CSRF-TOKEN";

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, SignIn signIn, SessionLifetime lifetime) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
        csrfTokens.setHeaderName(CSRF_HEADER);
        http
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers("/css/**", "/js/**", "/favicon.svg", "/signed-out.html", "/session",
                                "/sign-in", "/sign-in/accounts", "/actuator/health", "/actuator/health/**", "/error")
                        .permitAll()
                        .anyRequest().authenticated())
                // the page reads the token from GET /session and sends it back in a header or a form field; the
                // plain handler because the token never appears in a compressed response next to attacker input
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")))
                .logout(logout -> logout
                        .logoutRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/sign-out"))
                        .logoutSuccessUrl("/signed-out.html"))
                .addFilterBefore(lifetime.filter(signIn), AnonymousAuthenticationFilter.class)
                // first, so that it wins over the sign-in mode's page entry point, which matches every request
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor((request, response, e) -> Problems.write(response,
                                Problems.unauthenticated(request.getAttribute(SessionLifetime.EXPIRED) != null)), api)
                        .accessDeniedHandler((request, response, e) -> {
                            if (e instanceof CsrfException && !api.matches(request)) {
                                // a form posted from a page whose session has gone: start again from the page
                                response.sendRedirect("/");
                                return;
                            }
                            Problems.write(response, e instanceof CsrfException ? Problems.csrf() : Problems.forbidden());
                        }));
        signIn.configure(http);
        return http.build();
    }
}
