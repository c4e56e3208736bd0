package dev.userdeletion.localstack;

import dev.userdeletion.infra.LocalTokenIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Prints a token signed with the local run's key ({@code <data-dir>/jwt}), for any caller:
 * {@code ./mint-token.sh --role=PLATFORM_ADMIN --platform=acme-academy [--sub=admin-7] [--hours=12]}.
 * Several roles: {@code --role=CSM,AUDITOR}. Audience ({@code aud}): {@code --audience=user-query-service}
 * (several comma-separated); by default a person's token (PLATFORM_ADMIN, CSM, AUDITOR) names every service,
 * a back end's (SERVICE, PLATFORM_PROVISIONER) membership-service only. The services check every claim, so a
 * token minted here with bad claims is refused just like a forged one.
 */
public final class MintToken {

    private static final List<String> BACK_END_ROLES =
            List.of(LocalTokenIssuer.SERVICE, LocalTokenIssuer.PLATFORM_PROVISIONER);

    private MintToken() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(option(args, "data-dir", ".local-data")).toAbsolutePath();
        Path keyDir = dataDir.resolve("jwt");
        if (!Files.isDirectory(keyDir)) {
            System.err.println("No signing key in " + keyDir + ": start the local run (./run-local.sh) once first");
            System.exit(2);
        }
        List<String> roles = Arrays.stream(option(args, "role", "PLATFORM_ADMIN").split(",")).map(String::strip).toList();
        String platform = option(args, "platform", null);
        if (roles.contains(LocalTokenIssuer.PLATFORM_ADMIN) && platform == null) {
            System.err.println("A PLATFORM_ADMIN token needs --platform=<platformId>");
            System.exit(2);
        }
        String sub = option(args, "sub", platform == null ? roles.getFirst().toLowerCase() + "-local" : "admin-" + platform);
        Duration validFor = Duration.ofHours(Long.parseLong(option(args, "hours", "12")));
        String audience = option(args, "audience", null);
        List<String> audiences = audience != null
                ? Arrays.stream(audience.split(",")).map(String::strip).toList()
                : BACK_END_ROLES.containsAll(roles) ? List.of(LocalTokenIssuer.MEMBERSHIP_SERVICE)
                : LocalTokenIssuer.PEOPLE_AUDIENCES;
        System.out.println(LocalTokenIssuer.inDirectory(keyDir).mint(sub, platform, roles, audiences, validFor));
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }
}
