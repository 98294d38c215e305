package io.stoppay.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * What StopPay remembers of each payer, in event time, in the payer-keyed task that decides the
 * payer's payments (no repartition on the decision path): txnIds already decided, today's
 * non-counter total, and the payees paid recently. Window stores expire old segments, so state
 * is bounded by the dedupe window and the new-payee look-back.
 */
public final class PayerHistory {

    public static final String TXN_IDS = "payment-txn-ids";
    /** TxnIds of past payments recorded from the history topic: a backfill's own memory, never the decision's. */
    public static final String PAST_TXN_IDS = "past-payment-txn-ids";
    public static final String DAILY_TOTALS = "payer-daily-totals";
    public static final String PAYEES = "payer-payees";

    private static final Duration DAY = Duration.ofDays(1);
    private static final char SEPARATOR = '\0';

    private final ProcessingContext context;
    private final WindowStore<String, Long> txnIds;
    /** Looked up on first use: only the backfill's processor is connected to it. */
    private WindowStore<String, Long> pastTxnIds;
    private final WindowStore<String, Long> dailyTotals;
    private final WindowStore<String, Long> payees;
    private final long dedupeWindowMs;
    private final long lookbackMs;
    private final ZoneId zone;

    private PayerHistory(final ProcessingContext context, final Settings settings) {
        this.context = context;
        this.txnIds = context.getStateStore(TXN_IDS);
        this.dailyTotals = context.getStateStore(DAILY_TOTALS);
        this.payees = context.getStateStore(PAYEES);
        this.dedupeWindowMs = settings.dedupeWindow().toMillis();
        this.lookbackMs = settings.newPayeeLookback().toMillis();
        this.zone = settings.zone();
    }

    /** How long each kind of memory lasts, and the zone of the business day. */
    public record Settings(Duration dedupeWindow, Duration newPayeeLookback, ZoneId zone) {
    }

    public static PayerHistory in(final ProcessingContext context, final Settings settings) {
        return new PayerHistory(context, settings);
    }

    public static List<StoreBuilder<?>> builders(final Settings settings) {
        return List.of(
                windowStore(TXN_IDS, settings.dedupeWindow().multipliedBy(2), Duration.ofMillis(1)),
                windowStore(PAST_TXN_IDS, settings.dedupeWindow().multipliedBy(2), Duration.ofMillis(1)),
                // One window per business day; the previous day stays for payments that arrive late.
                windowStore(DAILY_TOTALS, DAY.multipliedBy(2), DAY),
                windowStore(PAYEES, settings.newPayeeLookback().plus(DAY), DAY));
    }

    /**
     * Records a txnId and tells whether it is new: false when the same txnId was seen within the
     * dedupe window either side of this event time (a redelivery).
     */
    public boolean firstSighting(final String txnId, final long eventTime) {
        try (WindowStoreIterator<Long> seen = txnIds.fetch(txnId, eventTime - dedupeWindowMs, eventTime + dedupeWindowMs)) {
            if (seen.hasNext()) {
                return false;
            }
        }
        txnIds.put(txnId, eventTime, eventTime);
        return true;
    }

    /**
     * Records the txnId of a past payment (a backfill) and tells whether it is new: false when a
     * payment of that txnId was decided live, or loaded before, within the dedupe window either
     * side. Kept apart from the decision's txnIds: a live payment is decided whatever the history
     * holds, since a history with another txnId scheme must not silence a live decision.
     */
    public boolean firstPastSighting(final String txnId, final long eventTime) {
        if (pastTxnIds == null) {
            pastTxnIds = context.getStateStore(PAST_TXN_IDS);
        }
        for (final WindowStore<String, Long> seen : List.of(txnIds, pastTxnIds)) {
            try (WindowStoreIterator<Long> found = seen.fetch(txnId, eventTime - dedupeWindowMs, eventTime + dedupeWindowMs)) {
                if (found.hasNext()) {
                    return false;
                }
            }
        }
        pastTxnIds.put(txnId, eventTime, eventTime);
        return true;
    }

    /** Non-counter amount the payer already paid on the business day of {@code eventTime}. */
    public long nonCounterPaidOn(final String payer, final long eventTime) {
        final Long total = dailyTotals.fetch(payer, dayStart(eventTime));
        return total == null ? 0 : total;
    }

    /** True when the payer has not paid this payee within the look-back before {@code eventTime}. */
    public boolean isNewPayee(final String payer, final String payee, final long eventTime) {
        try (WindowStoreIterator<Long> paid = payees.fetch(pair(payer, payee), eventTime - lookbackMs, eventTime)) {
            return !paid.hasNext();
        }
    }

    /**
     * Adds {@code deltaMinor} to the payer's non-counter total of the business day of
     * {@code eventTime}: a payment's amount when the payer stage sees it, minus that amount when
     * the payment turns out stopped. Never below zero: a take-back can arrive after its day's
     * total has expired from the store.
     */
    public void addToDailyTotal(final String payer, final long deltaMinor, final long eventTime) {
        if (deltaMinor != 0) {
            addToDailyTotal(payer, nonCounterPaidOn(payer, eventTime), deltaMinor, eventTime);
        }
    }

    /**
     * As {@link #addToDailyTotal(String, long, long)}, to a total the caller has just read with
     * {@link #nonCounterPaidOn} and nothing has changed since: the payer stage reads it for the rules
     * and adds the payment to it, and a second read of it was 1.5% of the stream thread at max rate.
     */
    public void addToDailyTotal(final String payer, final long paidMinor, final long deltaMinor, final long eventTime) {
        if (deltaMinor != 0) {
            dailyTotals.put(payer, Math.max(0, paidMinor + deltaMinor), dayStart(eventTime));
        }
    }

    /** Makes {@code payee} a known payee of {@code payer}: money moved between them. */
    public void recordPayee(final String payer, final String payee, final long eventTime) {
        final long day = dayStart(eventTime);
        // One entry per payer, payee and day keeps the store bounded by pairs, not payments.
        if (payees.fetch(pair(payer, payee), day) == null) {
            payees.put(pair(payer, payee), eventTime, day);
        }
    }

    private long dayStart(final long eventTime) {
        return Instant.ofEpochMilli(eventTime).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static String pair(final String payer, final String payee) {
        return payer + SEPARATOR + payee;
    }

    private static StoreBuilder<WindowStore<String, Long>> windowStore(final String name, final Duration retention,
                                                                       final Duration windowSize) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, windowSize, false),
                Serdes.String(), Serdes.Long());
    }
}
