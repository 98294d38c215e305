package io.stoppay.statistics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The key of a region's statistics for one day, {@code <regionCode>|<yyyy-MM-dd>}: region first, so
 * that one region's days are one contiguous, ordered range of a store (what the HTTP API and a console
 * read), and a day's ISO date sorts in time order within it.
 *
 * @param region a 6-digit administrative division code
 * @param day    the calendar day in the statistics' zone (Asia/Shanghai by default)
 */
public record RegionDay(String region, LocalDate day) {

    /** A region as the statistics key it: six digits, as {@code PaymentTransaction.regionCode}. */
    public static final Pattern REGION = Pattern.compile("\\d{6}");
    static final char SEPARATOR = '|';

    /** The day of {@code at} in {@code zone}. */
    public static RegionDay of(final String region, final Instant at, final ZoneId zone) {
        return new RegionDay(region, LocalDate.ofInstant(at, zone));
    }

    /** {@code <region>|<yyyy-MM-dd>}. */
    public String key() {
        return key(region, day);
    }

    public static String key(final String region, final LocalDate day) {
        return region + SEPARATOR + day;
    }

    /** The region of a key; keys are only ever written by {@link #key()}. */
    public static String regionOf(final String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    /** The day of a key; keys are only ever written by {@link #key()}. */
    public static LocalDate dayOf(final String key) {
        return LocalDate.parse(key.substring(key.indexOf(SEPARATOR) + 1));
    }
}
