package dev.userdeletion.testsupport;

import dev.userdeletion.infra.LocalTokenIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens for tests whose subject is not authorisation: a caller with every role, scoped to the platform
 * the path names (without {@code PLATFORM_ADMIN} when the path names none), for every service's audience. Each
 * service's authorisation matrix test covers what each role alone may do.
 */
public final class TestCallers {

    /** The {@code sub} of the full-access test caller; audit fields of events carry it. */
    public static final String FULL_ACCESS_SUBJECT = "test-caller";

    private static final Pattern PLATFORM_IN_PATH = Pattern.compile("^/api/platforms/([a-z0-9-]{1,64})(?:[/?].*)?$");
    private static final List<String> ALL_ROLES = List.of(LocalTokenIssuer.PLATFORM_ADMIN, LocalTokenIssuer.CSM,
            LocalTokenIssuer.AUDITOR, LocalTokenIssuer.SERVICE, LocalTokenIssuer.PLATFORM_PROVISIONER);

    private TestCallers() {
    }

    /** Path → a token with every role, {@code platform_id} from the path when it names a valid platform. */
    public static Function<String, String> fullAccess(LocalTokenIssuer tokens) {
        Map<String, String> byPlatform = new ConcurrentHashMap<>();
        return path -> {
            Matcher platform = PLATFORM_IN_PATH.matcher(path);
            String platformId = platform.matches() ? platform.group(1) : "";
            // a PLATFORM_ADMIN token must name a platform, so paths without one get the other roles
            return byPlatform.computeIfAbsent(platformId, id -> id.isEmpty()
                    ? tokens.mint(FULL_ACCESS_SUBJECT, null, ALL_ROLES.subList(1, ALL_ROLES.size()), Duration.ofHours(2))
                    : tokens.mint(FULL_ACCESS_SUBJECT, id, ALL_ROLES, Duration.ofHours(2)));
        };
    }
}
