package dev.userdeletion.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/** How a service authenticates its own calls to another service. */
public final class BearerTokens {

    private BearerTokens() {
    }

    /**
     * Relays the current caller's token, so the called service applies the caller's own roles and
     * platform scope: a call made on an admin's behalf can never reach further than the admin could.
     */
    public static ClientHttpRequestInterceptor relayCaller() {
        return (request, body, execution) -> {
            Caller.bearerToken().ifPresent(token -> request.getHeaders().setBearerAuth(token));
            return execution.execute(request, body);
        };
    }

    /** A fixed token, for a service's own background calls (its {@code SERVICE} identity). */
    public static ClientHttpRequestInterceptor fixed(String token) {
        return (request, body, execution) -> {
            if (token != null && !token.isBlank()) {
                request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.strip());
            }
            return execution.execute(request, body);
        };
    }
}
