package dev.userdeletion.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTest {

    private final Instant now = Instant.parse("2026-12-04T12:00:00Z");
    private final AtomicInteger verified = new AtomicInteger();

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verified.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("refused");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("admin-1").issuedAt(now.minusSeconds(60))
                    .expiresAt(expiresAt).build();
        };
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aTokenIsVerifiedOnceUntilItExpires() {
        JwtDecoder verifier = verifier(now.plusSeconds(300));
        CachingJwtDecoder early = new CachingJwtDecoder(verifier, at(now), 100);
        assertThat(early.decode("t1").getSubject()).isEqualTo("admin-1");
        early.decode("t1");
        early.decode("t1");
        assertThat(verified).hasValue(1);
        early.decode("t2");
        assertThat(verified).hasValue(2);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndARefusedOneIsNeverRemembered() {
        MovingClock clock = new MovingClock(now);
        CachingJwtDecoder later = new CachingJwtDecoder(verifier(now.plusSeconds(300)), clock, 100);
        later.decode("t1");
        clock.now = now.plusSeconds(300); // at its expiry exactly a remembered token is verified again
        later.decode("t1");
        assertThat(verified).hasValue(2);
        assertThat(verified).hasValue(2);
        assertThatThrownBy(() -> later.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> later.decode("bad")).isInstanceOf(BadJwtException.class);
        assertThat(verified).hasValue(4);
    }

    @Test
    void aFullCacheMakesRoomRatherThanGrowing() {
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier(now.plusSeconds(300)), at(now), 3);
        for (int i = 0; i < 10; i++) {
            decoder.decode("t" + i);
        }
        decoder.decode("t9");
        assertThat(verified).hasValue(10);
    }

    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
