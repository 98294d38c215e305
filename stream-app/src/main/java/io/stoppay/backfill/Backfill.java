package io.stoppay.backfill;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.validation.FieldLengths;
import io.stoppay.validation.InvalidRecordException;
import io.stoppay.validation.PaymentCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import stoppay.v1.PaymentTransaction;

/**
 * One backfill run: every record of a {@link HistorySource} is checked as StopPay checks the
 * payment history topic (a {@link PaymentCheck} that accepts any age since 2000 but nothing from the
 * future, and {@link FieldLengths}), then skipped when its event time is older than
 * {@code since} before now, else published keyed by its payer account id trimmed of blanks, as
 * StopPay partitions it. A record that cannot be read or is impossible is rejected and told to
 * the {@link RejectionLog}; the run goes on. Only a failure of the source itself or of the
 * cluster stops it.
 */
public final class Backfill {

    private final PaymentCheck check;
    private final Clock clock;
    private final Instant cutoff;
    private final HistorySink sink;
    private final RejectionLog rejections;
    private final ProgressLog progress;
    private final Pace pace;
    private long read;
    private long skipped;

    /**
     * @param maxFutureSkew how far ahead of now an event time may be
     *                      ({@code stoppay.validation.max.future.skew.ms})
     * @param since         payments with an event time older than this before now are skipped
     * @param pace          how fast payments are published ({@code --rate})
     */
    public Backfill(final Duration maxFutureSkew, final Duration since, final Clock clock, final HistorySink sink,
                    final RejectionLog rejections, final ProgressLog progress, final Pace pace) {
        this.check = new PaymentCheck(maxFutureSkew, PaymentCheck.ANY_PAST_AGE, clock);
        this.clock = clock;
        this.cutoff = clock.instant().minus(since);
        this.sink = sink;
        this.rejections = rejections;
        this.progress = progress;
        this.pace = pace;
    }

    /** Reads the whole source and returns the final counts, once every published payment is written. */
    public BackfillCounts run(final HistorySource source) {
        Optional<HistoryEntry> entry;
        while ((entry = source.next()).isPresent()) {
            read++;
            take(entry.get());
            progress.tick(this::counts, source);
        }
        sink.flush();
        rejections.finish();
        return counts();
    }

    private void take(final HistoryEntry entry) {
        if (entry.isUnreadable()) {
            rejections.add(entry.position(), entry.rejection());
            return;
        }
        final PaymentTransaction payment = entry.payment();
        try {
            // No key: the payment is keyed by its payer below, so it cannot disagree with it. The
            // record's Kafka timestamp, the reference of the age checks, will be now.
            // Lengths first: an over-long value is named by its field, not quoted by a check.
            FieldLengths.check(null, payment);
            check.check(null, payment, clock.millis());
        } catch (final InvalidRecordException e) {
            rejections.add(entry.position(), e);
            return;
        }
        if (payment.getEventTime().isBefore(cutoff)) {
            skipped++;
            return;
        }
        pace.await();
        sink.publish(CanonicalIdentifiers.accountId(payment.getPayer().getAccountId()), payment);
    }

    private BackfillCounts counts() {
        return new BackfillCounts(read, sink.published(), skipped, rejections.count());
    }
}
