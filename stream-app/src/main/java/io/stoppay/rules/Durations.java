package io.stoppay.rules;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;

/** Durations for evidence a human reads: {@code 10 min}, {@code 24 h}, {@code 180 d}. */
public final class Durations {

    private record Unit(long millis, String symbol) {
    }

    private static final Unit MILLIS = new Unit(1, "ms");
    private static final List<Unit> LARGEST_FIRST = List.of(
            new Unit(Duration.ofDays(1).toMillis(), "d"), new Unit(Duration.ofHours(1).toMillis(), "h"),
            new Unit(Duration.ofMinutes(1).toMillis(), "min"), new Unit(Duration.ofSeconds(1).toMillis(), "s"),
            MILLIS);

    private Durations() {
    }

    /** {@code duration}, or zero when it is negative: an age measured against a clock that runs ahead. */
    static Duration atLeastZero(final Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** Exactly, in the largest unit that divides it: a threshold reads as it was configured. */
    public static String exact(final Duration duration) {
        return in(duration, largestUnit(unitMillis -> duration.toMillis() % unitMillis == 0));
    }

    /** Rounded down to the largest unit it reaches: how long something took, or how long ago it was. */
    static String roughly(final Duration duration) {
        return in(duration, largestUnit(unitMillis -> duration.toMillis() >= unitMillis));
    }

    private static Unit largestUnit(final LongPredicate fits) {
        for (final Unit unit : LARGEST_FIRST) {
            if (fits.test(unit.millis())) {
                return unit;
            }
        }
        return MILLIS;
    }

    private static String in(final Duration duration, final Unit unit) {
        return duration.toMillis() / unit.millis() + " " + unit.symbol();
    }
}
