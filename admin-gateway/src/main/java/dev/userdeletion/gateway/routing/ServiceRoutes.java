package dev.userdeletion.gateway.routing;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

import dev.userdeletion.gateway.GatewayProperties;
import dev.userdeletion.gateway.signin.SignIn;
import dev.userdeletion.gateway.web.Problems;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@code /api/**} by path to the four services, only the endpoints the admin page and the CSM dashboard call (not
 * the orchestrator's {@code user-ids} stream, the product back ends' writes or the actuators). On every route the
 * browser's {@code Cookie} and any {@code Authorization} are dropped and the session's access token is sent as
 * the bearer; anything else under {@code /api} is a 404 problem.
 */
@Configuration
class ServiceRoutes {

    private static final Logger log = LoggerFactory.getLogger(ServiceRoutes.class);

    @Bean
    RouterFunction<ServerResponse> apiRoutes(GatewayProperties properties, SignIn signIn) {
        GatewayProperties.Services services = properties.services();
        return route("user-query-service")
                .GET("/api/platforms/{platformId}/users", http())
                .GET("/api/platforms/{platformId}/users/count", http())
                .filter(relay(signIn, "user directory", services.userQuery()))
                .build()
                .and(route("deletion-orchestrator")
                        .route(path("/api/platforms/{platformId}/deletion-requests")
                                .or(path("/api/platforms/{platformId}/deletion-requests/**")), http())
                        .filter(relay(signIn, "deletion service", services.orchestrator()))
                        .build())
                .and(route("notification-service")
                        .GET("/api/platforms/{platformId}/notifications", http())
                        .GET("/api/csm/follow-ups", http())
                        .GET("/api/csm/follow-ups/**", http())
                        .filter(relay(signIn, "notification service", services.notification()))
                        .build())
                .and(route("membership-service")
                        .GET("/api/platforms/{platformId}", http())
                        .DELETE("/api/platforms/{platformId}/members/{userId}", http())
                        .filter(relay(signIn, "membership service", services.membership()))
                        .build())
                .and(route("no-route")
                        .route(path("/api/**"), request -> Problems.response(Problems.noRoute()))
                        .build());
    }

    /**
     * Sends the request on to {@code upstream} as the signed-in caller: no browser cookie, no browser
     * Authorization, the session's token as the bearer ({@code setBearerAuth} replaces any other). A service that
     * cannot be reached is a 503 problem, one that does not answer in time a 504, never a 500.
     */
    static HandlerFilterFunction<ServerResponse, ServerResponse> relay(SignIn signIn, String service, URI upstream) {
        return (request, next) -> {
            Optional<String> token = signIn.accessToken(request.servletRequest());
            if (token.isEmpty()) {
                return Problems.response(Problems.unauthenticated(false));
            }
            ServerRequest relayed = uri(upstream).apply(ServerRequest.from(request)
                    .headers(headers -> {
                        headers.remove(HttpHeaders.COOKIE);
                        headers.setBearerAuth(token.get());
                    })
                    .build());
            try {
                return next.handle(relayed);
            } catch (ResourceAccessException e) {
                if (e.getCause() instanceof HttpTimeoutException || e.getCause() instanceof SocketTimeoutException) {
                    log.warn("{} did not answer in time ({})", service, upstream);
                    return Problems.response(Problems.gatewayTimeout(service));
                }
                log.warn("{} cannot be reached at {}: {}", service, upstream, e.getMostSpecificCause().toString());
                return Problems.response(Problems.serviceUnavailable(service));
            }
        };
    }
}
