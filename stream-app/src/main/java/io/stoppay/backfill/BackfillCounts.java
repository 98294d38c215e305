package io.stoppay.backfill;

import java.util.Locale;

/**
 * How far a backfill has got: records {@code read} from the source (blank lines are none), of which
 * {@code published} to the history topic so far, {@code skipped} as older than {@code --since},
 * and {@code rejected} as unreadable or impossible. Published lags behind while writes are in
 * flight; at the end read = published + skipped + rejected.
 */
public record BackfillCounts(long read, long published, long skipped, long rejected) {

    /** E.g. {@code 6 read, 3 published, 1 skipped (older than 90 d), 2 rejected}; {@code since} as {@code 90 d}. */
    public String describe(final String since) {
        return String.format(Locale.ROOT, "%,d read, %,d published, %,d skipped (older than %s), %,d rejected",
                read, published, skipped, since, rejected);
    }
}
