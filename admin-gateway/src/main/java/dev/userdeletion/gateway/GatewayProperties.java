package dev.userdeletion.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.*}: where the services are, how long a sign-in lasts and, in the local profile, whom the local
 * sign-in offers. Defaults are in {@code application.yml}.
 *
 * @param services    base URL of each service
 * @param session     lifetime of a signed-in session
 * @param localSignIn the local profile's demo sign-in
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(Services services, Session session, LocalSignIn localSignIn) {

    public record Services(URI membership, URI userQuery, URI orchestrator, URI notification) {
    }

    /**
     * @param maxAge a session ends this long after sign-in, however active (the idle timeout is
     *               {@code server.servlet.session.timeout})
     */
    public record Session(@DefaultValue("8h") Duration maxAge) {
    }

    /**
     * @param keyDir    the local run's signing key directory ({@code LocalTokenIssuer.inDirectory}); the services
     *                  trust its public half
     * @param platforms the demo platforms whose admin one may sign in as
     */
    public record LocalSignIn(Path keyDir, @DefaultValue List<String> platforms) {
    }
}
