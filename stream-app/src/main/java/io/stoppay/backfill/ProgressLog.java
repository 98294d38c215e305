package io.stoppay.backfill;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line on stderr every {@link #EVERY} of a long backfill, e.g.
 * {@code backfill: 120,000 read, 118,000 published, 1,500 skipped (older than 90 d), 500 rejected;
 * 24,000/s; 37% of the file}. A run shorter than that prints none: its summary says it all.
 */
public final class ProgressLog {

    public static final Duration EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final String since;
    private final long startNanos;
    private long nextNanos;

    /**
     * @param nanoTime {@code System::nanoTime}, or a test's
     * @param since    {@code --since} as people read it, e.g. {@code 90 d}
     */
    public ProgressLog(final PrintWriter err, final LongSupplier nanoTime, final String since) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.since = since;
        this.startNanos = nanoTime.getAsLong();
        this.nextNanos = startNanos + EVERY.toNanos();
    }

    /** Prints a line when one is due; cheap otherwise, so it may be called for every record. */
    void tick(final Supplier<BackfillCounts> counts, final HistorySource source) {
        final long now = nanoTime.getAsLong();
        if (now - nextNanos < 0) {
            return;
        }
        nextNanos = now + EVERY.toNanos();
        final BackfillCounts current = counts.get();
        final OptionalDouble fraction = source.fractionRead();
        err.println("backfill: " + current.describe(since) + "; " + rate(current, now - startNanos)
                + (fraction.isPresent() ? String.format(Locale.ROOT, "; %d%% %s", (int) (fraction.getAsDouble() * 100),
                source.measure()) : ""));
        err.flush();
    }

    /**
     * The run's summary, e.g. {@code 6 read, 3 published, 1 skipped (older than 90 d), 2 rejected;
     * 1.2 s, 5/s}.
     */
    public String summary(final BackfillCounts counts) {
        final long nanos = nanoTime.getAsLong() - startNanos;
        return counts.describe(since) + String.format(Locale.ROOT, "; %.1f s, %s", nanos / 1e9, rate(counts, nanos));
    }

    private static String rate(final BackfillCounts counts, final long nanos) {
        return String.format(Locale.ROOT, "%,d/s", nanos <= 0 ? 0 : Math.round(counts.read() * 1e9 / nanos));
    }
}
