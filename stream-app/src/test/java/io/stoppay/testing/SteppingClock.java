package io.stoppay.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it on: for windows, buckets and reload checks without sleeping. */
public final class SteppingClock extends Clock {

    private Instant now;

    public SteppingClock(final Instant start) {
        this.now = start;
    }

    public SteppingClock() {
        this(Instant.parse("2026-12-01T08:00:00Z"));
    }

    public void advance(final Duration by) {
        now = now.plus(by);
    }

    public void advance(final long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }
}
