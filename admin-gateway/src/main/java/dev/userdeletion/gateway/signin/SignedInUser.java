package dev.userdeletion.gateway.signin;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

/**
 * Who is signed in, as the page needs it: read from the claims of the access token the gateway holds (the token
 * came from the authorisation server itself, or was minted here locally). Only for display and navigation: the
 * services verify the token and decide what the caller may do.
 *
 * @param sub        the caller's opaque id
 * @param roles      e.g. {@code PLATFORM_ADMIN}, {@code CSM}
 * @param platformId the platform of a {@code PLATFORM_ADMIN}, else null
 * @param expiresAt  when the access token expires (null if it does not say)
 */
public record SignedInUser(String sub, List<String> roles, String platformId, Instant expiresAt) {

    public static SignedInUser fromAccessToken(String token) {
        try {
            JWTClaimsSet claims = JWTParser.parse(token).getJWTClaimsSet();
            List<String> roles = claims.getStringListClaim("roles");
            return new SignedInUser(claims.getSubject(), roles == null ? List.of() : List.copyOf(roles),
                    claims.getStringClaim("platform_id"),
                    claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw new IllegalStateException("The access token is not a JWT with the expected claims", e);
        }
    }
}
