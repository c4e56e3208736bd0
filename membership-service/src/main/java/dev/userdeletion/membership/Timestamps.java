package dev.userdeletion.membership;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** PostgreSQL keeps microseconds: cut instants to that, so what is published equals what is stored. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now(Clock clock) {
        return stored(clock.instant());
    }

    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
