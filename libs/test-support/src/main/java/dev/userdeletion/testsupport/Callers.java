package dev.userdeletion.testsupport;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.userdeletion.infra.LocalTokenIssuer;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Caller.Kind;
import dev.userdeletion.testsupport.Caller.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The callers every service's authorisation matrix sends: no token, tokens that are invalid (expired, signed by
 * another key, from another issuer, for another service's audience, without an audience), each role alone, an admin
 * of another platform and the admin of the path's platform. A service adds the role combinations that matter to its
 * own table. Valid tokens carry the audiences of people's tokens ({@link LocalTokenIssuer#PEOPLE_AUDIENCES}), which
 * name every service.
 */
public final class Callers {

    public static final String PLATFORM_ADMIN = LocalTokenIssuer.PLATFORM_ADMIN;
    public static final String CSM = LocalTokenIssuer.CSM;
    public static final String AUDITOR = LocalTokenIssuer.AUDITOR;
    public static final String SERVICE = LocalTokenIssuer.SERVICE;
    public static final String PLATFORM_PROVISIONER = LocalTokenIssuer.PLATFORM_PROVISIONER;
    /** The {@code sub} of {@link #ADMIN_OF_THE_PLATFORM}; what a service records as the author of its writes. */
    public static final String ADMIN_SUBJECT = "admin-1";

    private static final LocalTokenIssuer TOKENS = SharedInfrastructure.tokens();
    private static final LocalTokenIssuer ANOTHER_KEY = LocalTokenIssuer.temporary();
    private static final Duration VALID = Duration.ofHours(1);

    public static final Caller NO_TOKEN = new Caller("no token", Kind.NONE, Set.of(), Scope.NONE, (p, o) -> null);
    public static final Caller ADMIN_OF_THE_PLATFORM =
            valid("admin of the platform", ADMIN_SUBJECT, Scope.PATH_PLATFORM, PLATFORM_ADMIN);
    public static final Caller ADMIN_OF_ANOTHER_PLATFORM =
            valid("admin of another platform", "admin-2", Scope.OTHER_PLATFORM, PLATFORM_ADMIN);
    public static final Caller CSM_ALONE = valid("CSM", "csm-1", Scope.NONE, CSM);
    public static final Caller AUDITOR_ALONE = valid("AUDITOR", "auditor-1", Scope.NONE, AUDITOR);
    public static final Caller SERVICE_ALONE = valid("SERVICE (a back end)", "a-back-end", Scope.NONE, SERVICE);
    public static final Caller PROVISIONER_ALONE =
            valid("PLATFORM_PROVISIONER (the provisioning back end)", "provisioner", Scope.NONE, PLATFORM_PROVISIONER);
    public static final Caller UNKNOWN_ROLE = valid("an unknown role, scoped to the platform", "root",
            Scope.PATH_PLATFORM, "ROOT");

    private Callers() {
    }

    /**
     * {@link #NO_TOKEN}; tokens granting {@code invalidRoles} that are expired, signed by another key, from another
     * issuer, for every service but {@code audience} (the service under test) or without an audience; the admin of
     * another platform; each role alone; then {@code specific}; then the admin of the platform.
     */
    public static List<Caller> catalogue(String audience, List<String> invalidRoles, Caller... specific) {
        List<Caller> callers = new ArrayList<>();
        callers.add(NO_TOKEN);
        callers.addAll(invalid(audience, invalidRoles));
        callers.addAll(List.of(ADMIN_OF_ANOTHER_PLATFORM, CSM_ALONE, AUDITOR_ALONE, SERVICE_ALONE, PROVISIONER_ALONE));
        callers.addAll(List.of(specific));
        callers.add(ADMIN_OF_THE_PLATFORM);
        return List.copyOf(callers);
    }

    /**
     * Tokens that grant {@code roles} for the path's platform but are expired, signed by another key, not ours, or
     * not for {@code audience}: one for every other service (what a back end's token for another service is, and what
     * a service that relays tokens onwards holds) and one without {@code aud}.
     */
    private static List<Caller> invalid(String audience, List<String> roles) {
        List<String> otherServices = LocalTokenIssuer.PEOPLE_AUDIENCES.stream().filter(a -> !a.equals(audience)).toList();
        return List.of(
                invalid("expired, " + roles, (p, o) -> TOKENS.mint("invalid", p, roles, Duration.ofMinutes(-10))),
                invalid("signed by another key, " + roles, (p, o) -> ANOTHER_KEY.mint("invalid", p, roles, VALID)),
                invalid("from another issuer, " + roles, (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                        .issuer("https://evil.example").subject("invalid").audience(audience).claim("roles", roles)
                        .claim("platform_id", p).expirationTime(Date.from(Instant.now().plus(VALID))).build())),
                invalid("for the other services " + otherServices + ", " + roles,
                        (p, o) -> TOKENS.mint("invalid", p, roles, otherServices, VALID)),
                invalid("without an audience, " + roles, (p, o) -> TOKENS.sign(new JWTClaimsSet.Builder()
                        .issuer(LocalTokenIssuer.ISSUER).subject("invalid").claim("roles", roles).claim("platform_id", p)
                        .expirationTime(Date.from(Instant.now().plus(VALID))).build())));
    }

    private static Caller invalid(String name, Caller.TokenFactory token) {
        return new Caller(name, Kind.INVALID, Set.of(), Scope.NONE, token);
    }

    /** A valid token of {@code sub} granting {@code roles}, with the {@code platform_id} {@code scope} names. */
    public static Caller valid(String name, String sub, Scope scope, String... roles) {
        List<String> granted = List.of(roles);
        return new Caller(name, Kind.VALID, Set.copyOf(granted), scope, (p, o) -> TOKENS.mint(sub, switch (scope) {
            case PATH_PLATFORM -> p;
            case OTHER_PLATFORM -> o;
            case NONE -> null;
        }, granted, VALID));
    }

    /** The roles that some caller holds alone, with a valid token: each role must be one (see each matrix). */
    public static Set<String> rolesAlone(Collection<Caller> callers) {
        return callers.stream().filter(c -> c.kind() == Kind.VALID && c.roles().size() == 1)
                .flatMap(c -> c.roles().stream()).collect(Collectors.toSet());
    }
}
