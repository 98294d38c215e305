package io.stoppay.loadtest;

import org.HdrHistogram.Histogram;

/**
 * One measured latency: a histogram in milliseconds, how many payments had no value for it, and
 * how many differences came out negative (clock stepped back; recorded as 0).
 */
final class Latency {

    private static final long HIGHEST_MS = 3_600_000L;

    private final String name;
    private final Histogram histogram = new Histogram(HIGHEST_MS, 3);
    private long missing;
    private long negative;

    Latency(final String name) {
        this.name = name;
    }

    void record(final long ms) {
        if (ms < 0) {
            negative++;
        }
        histogram.recordValue(Math.min(Math.max(ms, 0), HIGHEST_MS));
    }

    void missing() {
        missing++;
    }

    Summary summary() {
        final long count = histogram.getTotalCount();
        return new Summary(name, count, missing, negative,
                count == 0 ? -1 : histogram.getValueAtPercentile(50),
                count == 0 ? -1 : histogram.getValueAtPercentile(95),
                count == 0 ? -1 : histogram.getValueAtPercentile(99),
                count == 0 ? -1 : histogram.getMaxValue());
    }

    /** Percentiles in ms; -1 when nothing was recorded. */
    record Summary(String name, long count, long missing, long negative, long p50, long p95, long p99, long max) {
    }
}
