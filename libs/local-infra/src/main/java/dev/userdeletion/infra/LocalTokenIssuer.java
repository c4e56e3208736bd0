package dev.userdeletion.infra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stand-in for the product's authorisation server: an RS256 key pair whose public half the
 * services trust (through the standard {@code spring.security.oauth2.resourceserver.jwt.*} properties) and
 * whose private half mints access tokens with the claims the services read: {@code sub}, {@code aud},
 * {@code platform_id} and {@code roles}. The local run keeps the key under its data directory so tokens
 * stay valid across restarts; tests generate a fresh one per JVM.
 *
 * <p>Audiences: each service accepts only tokens whose {@code aud} names it (its application name). People's
 * tokens (admins, CSMs, auditors) carry {@link #PEOPLE_AUDIENCES}, every service the admin UI reaches; a back
 * end's token carries only the service it calls ({@link #service}, {@link #provisioner}). Short-lived back-end
 * tokens by client credentials come from {@link LocalTokenEndpoint}.
 */
public final class LocalTokenIssuer {

    /** The {@code iss} of every token; the services accept no other. */
    public static final String ISSUER = "https://auth.user-deletion.local";

    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String CSM = "CSM";
    public static final String AUDITOR = "AUDITOR";
    public static final String SERVICE = "SERVICE";
    public static final String PLATFORM_PROVISIONER = "PLATFORM_PROVISIONER";

    /** Each service's audience: what its tokens' {@code aud} must name. */
    public static final String MEMBERSHIP_SERVICE = "membership-service";
    public static final String USER_QUERY_SERVICE = "user-query-service";
    public static final String DELETION_ORCHESTRATOR = "deletion-orchestrator";
    public static final String NOTIFICATION_SERVICE = "notification-service";

    /**
     * The {@code aud} of people's tokens: every service the admin UI and CSM dashboard reach through the gateway
     * (the orchestrator also relays an admin's own token to user-query-service).
     */
    public static final List<String> PEOPLE_AUDIENCES =
            List.of(MEMBERSHIP_SERVICE, USER_QUERY_SERVICE, DELETION_ORCHESTRATOR, NOTIFICATION_SERVICE);

    private static final String PRIVATE_KEY_FILE = "signing-key.pk8";
    private static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

    private final RSAPrivateKey privateKey;
    private final Path publicKeyFile;
    private final String issuer;

    private LocalTokenIssuer(RSAPrivateKey privateKey, Path publicKeyFile, String issuer) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
        this.issuer = issuer;
    }

    /** The key pair stored in {@code dir}, created there first if absent. */
    public static LocalTokenIssuer inDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
            Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                RSAPrivateKey key = (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
                return new LocalTokenIssuer(key, publicFile, ISSUER);
            }
            KeyPair pair = newKeyPair();
            Files.write(privateFile, pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data directory is the developer's own
            }
            writePublicKey(publicFile, (RSAPublicKey) pair.getPublic());
            return new LocalTokenIssuer((RSAPrivateKey) pair.getPrivate(), publicFile, ISSUER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create the local signing key", e);
        }
    }

    /** A fresh key pair in a temporary directory: what tests use, and what "signed by another key" means. */
    public static LocalTokenIssuer temporary() {
        try {
            return inDirectory(Files.createTempDirectory("user-deletion-jwt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Spring properties that make a service trust this issuer's tokens. */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.public-key-location", publicKeyFile.toUri().toString(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The key that verifies this issuer's tokens (for stand-ins of a service in tests). */
    public RSAPublicKey publicKey() {
        try {
            String text = Files.readString(publicKeyFile).replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read " + publicKeyFile, e);
        }
    }

    public String platformAdmin(String sub, String platformId) {
        return mint(sub, platformId, List.of(PLATFORM_ADMIN), Duration.ofHours(12));
    }

    public String csm(String sub) {
        return mint(sub, null, List.of(CSM), Duration.ofHours(12));
    }

    public String auditor(String sub) {
        return mint(sub, null, List.of(AUDITOR), Duration.ofHours(12));
    }

    /** A back end's {@code SERVICE} token for one service, e.g. {@code service("login-service", MEMBERSHIP_SERVICE, …)}. */
    public String service(String sub, String audience, Duration validFor) {
        return mint(sub, null, List.of(SERVICE), List.of(audience), validFor);
    }

    /** The platform-provisioning back end's token: it may set a platform's name and contact addresses. */
    public String provisioner(String sub, Duration validFor) {
        return mint(sub, null, List.of(PLATFORM_PROVISIONER), List.of(MEMBERSHIP_SERVICE), validFor);
    }

    /**
     * A person's token (the audiences of {@link #PEOPLE_AUDIENCES}) valid from now for {@code validFor}; a
     * negative duration gives an already expired one.
     */
    public String mint(String sub, String platformId, List<String> roles, Duration validFor) {
        return mint(sub, platformId, roles, PEOPLE_AUDIENCES, validFor);
    }

    /** A token for {@code audiences} valid from now for {@code validFor}; negative: already expired. */
    public String mint(String sub, String platformId, List<String> roles, List<String> audiences, Duration validFor) {
        Instant now = Instant.now();
        Instant expires = now.plus(validFor);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(sub)
                .audience(List.copyOf(audiences))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(validFor.isNegative() ? expires.minus(Duration.ofMinutes(5)) : now))
                .expirationTime(Date.from(expires))
                .claim("roles", roles);
        if (platformId != null) {
            claims.claim("platform_id", platformId);
        }
        return sign(claims.build());
    }

    /** Signs arbitrary claims: for tests of hostile tokens (wrong issuer, forged claims). */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(privateKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static void writePublicKey(Path file, RSAPublicKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    }
}
