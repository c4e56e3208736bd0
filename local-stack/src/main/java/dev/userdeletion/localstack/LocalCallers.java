package dev.userdeletion.localstack;

import dev.userdeletion.infra.LocalTokenIssuer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access tokens for the callers of the local system, minted with the local run's signing key: what the
 * admin UI (a platform admin), the CSM dashboard and the product's other back ends would send. People's tokens
 * name every service as their audience; a back end's names membership-service only, the service back ends call.
 */
public final class LocalCallers {

    /** How long the printed and the services' own tokens stay valid. */
    public static final Duration VALIDITY = Duration.ofHours(12);

    private static final Pattern PLATFORM_IN_PATH = Pattern.compile("^/api/platforms/([a-z0-9-]{1,64})(?:[/?].*)?$");

    private final LocalTokenIssuer issuer;
    private final Map<String, String> minted = new ConcurrentHashMap<>();

    public LocalCallers(LocalTokenIssuer issuer) {
        this.issuer = issuer;
    }

    public LocalTokenIssuer issuer() {
        return issuer;
    }

    /** The product's other back ends (SERVICE, for membership-service): members, logins, access lists, reading. */
    public String backEnd() {
        return minted.computeIfAbsent("service",
                key -> issuer.service("product-backend", LocalTokenIssuer.MEMBERSHIP_SERVICE, VALIDITY));
    }

    /** The back end that provisions platforms (PLATFORM_PROVISIONER): their names and contact addresses. */
    public String provisioner() {
        return minted.computeIfAbsent("provisioner", key -> issuer.provisioner("platform-provisioning", VALIDITY));
    }

    public String csm() {
        return minted.computeIfAbsent("csm", key -> issuer.csm("csm-local"));
    }

    public String auditor() {
        return minted.computeIfAbsent("auditor", key -> issuer.auditor("auditor-local"));
    }

    public String adminOf(String platformId) {
        return minted.computeIfAbsent("admin:" + platformId, key -> issuer.platformAdmin("admin-" + platformId, platformId));
    }

    /** Path → the admin of the platform the path names; paths outside any platform get the CSM. */
    public Function<String, String> adminOfPathPlatformElseCsm() {
        return path -> {
            Matcher platform = PLATFORM_IN_PATH.matcher(path);
            return platform.matches() ? adminOf(platform.group(1)) : csm();
        };
    }
}
