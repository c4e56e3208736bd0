package dev.userdeletion.security;

import org.springframework.http.client.ClientHttpRequestInterceptor;

/** How a service authenticates calls it makes to another service on its caller's behalf. */
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
}
