package dev.userdeletion.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the tokens it has verified until they expire, so a page that calls a service ten times verifies the
 * admin's token once: the RSA signature check and the claim rules were most of what a cheap request cost. A token
 * string maps to one verified result; a refused token is never remembered (it is verified again, and refused again).
 * At most {@code capacity} tokens are kept: when full, expired ones are dropped first, then the whole cache.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder verifier, Clock clock, int capacity) {
        this.verifier = verifier;
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Jwt known = verified.get(token);
        if (known != null && stillValid(known, now)) {
            return known;
        }
        Jwt jwt = verifier.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= capacity) {
                evict(now);
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** Stricter than the validator's 60 s clock skew: a remembered token ends at its expiry exactly. */
    private static boolean stillValid(Jwt jwt, Instant now) {
        return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt());
    }

    private void evict(Instant now) {
        for (Iterator<Jwt> it = verified.values().iterator(); it.hasNext(); ) {
            if (!stillValid(it.next(), now)) {
                it.remove();
            }
        }
        if (verified.size() >= capacity) {
            verified.clear();
        }
    }
}
