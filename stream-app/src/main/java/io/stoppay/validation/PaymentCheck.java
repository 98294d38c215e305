package io.stoppay.validation;

import io.stoppay.identifier.CanonicalIdentifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * What makes a payment impossible: no txnId, no payer or payee account, a key that is not the
 * payer's account (per-payer state would split), an amount not within 1..10^15, a currency that is not
 * ISO 4217, or an implausible event time: before 2000 (seconds sent as milliseconds land in
 * January 1970), too far ahead of the record's Kafka timestamp, or too far behind it; or a Kafka
 * timestamp before 2000, which can be no reference for either.
 */
public final class PaymentCheck implements RecordCheck<PaymentTransaction> {

    /**
     * 10^15 minor units (ten trillion in a currency with cents) is more than any single payment; the
     * bound keeps a day's sum of absurd amounts from overflowing the daily totals.
     */
    static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000L;

    /**
     * The past age a past payment may have (the payment history topic, {@code stoppay backfill}):
     * as old as a bank keeps them; {@link #EARLIEST_EVENT_TIME} is the floor.
     */
    public static final Duration ANY_PAST_AGE = Duration.ofDays(100 * 365);

    /** No bank's feed has payments from before 2000; an eventTime before it is a unit or clock error. */
    static final Instant EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

    private final long maxFutureSkewMs;
    private final Clock clock;
    private final long maxPastAgeMs;

    /**
     * @param maxFutureSkew how far ahead of its Kafka timestamp, and of {@code clock}, an eventTime may be
     * @param maxPastAge    how far behind its Kafka timestamp ({@code stoppay.validation.max.past.age.ms})
     * @param clock         the clock an eventTime may not be far ahead of
     */
    public PaymentCheck(final Duration maxFutureSkew, final Duration maxPastAge, final Clock clock) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.clock = clock;
        this.maxPastAgeMs = maxPastAge.toMillis();
    }

    @Override
    public void check(final String key, final PaymentTransaction txn, final long timestamp) {
        if (txn == null) {
            throw new InvalidRecordException("MISSING_VALUE", "payment record has no value");
        }
        if (isBlank(txn.getTxnId())) {
            throw new InvalidRecordException("MISSING_TXN_ID", "payment has no txnId");
        }
        requireAccount(txn.getPayer(), "MISSING_PAYER_ACCOUNT", "payer");
        requireAccount(txn.getPayee(), "MISSING_PAYEE_ACCOUNT", "payee");
        // Blanks in an account id are no other account (PayerPartitionCheck drops them). No key at
        // all is a feeder that leaves partitioning to its client: the payment is re-keyed by its payer.
        if (key != null
                && !CanonicalIdentifiers.accountId(txn.getPayer().getAccountId()).equals(CanonicalIdentifiers.accountId(key))) {
            throw new InvalidRecordException("KEY_MISMATCH",
                    "payment " + txn.getTxnId() + " is not keyed by its payer accountId");
        }
        if (txn.getAmountMinor() <= 0 || txn.getAmountMinor() > MAX_AMOUNT_MINOR) {
            throw new InvalidRecordException("INVALID_AMOUNT", "payment " + txn.getTxnId() + " has amountMinor "
                    + txn.getAmountMinor() + "; it must be within 1..10^15");
        }
        if (!isIsoCurrency(txn.getCurrency())) {
            throw new InvalidRecordException("UNKNOWN_CURRENCY",
                    "payment " + txn.getTxnId() + " has currency '" + txn.getCurrency() + "', not an ISO 4217 code");
        }
        final long eventTime = txn.getEventTime().toEpochMilli();
        if (eventTime < EARLIEST_EVENT_TIME.toEpochMilli()) {
            throw new InvalidRecordException("INVALID_EVENT_TIME", "payment " + txn.getTxnId() + " has eventTime "
                    + txn.getEventTime() + ", before " + EARLIEST_EVENT_TIME + " (seconds sent as milliseconds?)");
        }
        // The Kafka timestamp is the reference of the next two checks; one before 2000 is a feeder's
        // producer setting CreateTime from a wrong clock or unit, not a wrong eventTime.
        if (timestamp < EARLIEST_EVENT_TIME.toEpochMilli()) {
            throw new InvalidRecordException("INVALID_KAFKA_TIMESTAMP", "payment " + txn.getTxnId()
                    + " has Kafka timestamp " + Instant.ofEpochMilli(timestamp) + ", before " + EARLIEST_EVENT_TIME
                    + ": the feeder's producer sets a wrong CreateTime (a payments topic with LogAppendTime prevents it)");
        }
        // Also against this clock: a feeder's CreateTime can be as far ahead as its eventTime, and
        // one payment from the future would leave every later one of its task "too late" to be
        // remembered (AccountHistory), blinding the behaviour rules until that time comes.
        if (eventTime > Math.min(timestamp, clock.millis()) + maxFutureSkewMs) {
            throw new InvalidRecordException("FUTURE_EVENT_TIME", "payment " + txn.getTxnId() + " has eventTime "
                    + txn.getEventTime() + ", more than " + Duration.ofMillis(maxFutureSkewMs)
                    + " ahead of its Kafka timestamp or of StopPay's clock");
        }
        if (eventTime < timestamp - maxPastAgeMs) {
            throw new InvalidRecordException("STALE_EVENT_TIME", "payment " + txn.getTxnId() + " has eventTime "
                    + txn.getEventTime() + ", more than " + Duration.ofMillis(maxPastAgeMs)
                    + " behind its Kafka timestamp " + Instant.ofEpochMilli(timestamp));
        }
    }

    private static void requireAccount(final Party party, final String reason, final String side) {
        if (party == null || isBlank(party.getAccountId())) {
            throw new InvalidRecordException(reason, "payment has no " + side + " accountId");
        }
    }

    private static boolean isIsoCurrency(final String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (final IllegalArgumentException e) {
            return false;
        }
    }

    /** True for null and for only blanks, Unicode's invisible ones included ({@link CanonicalIdentifiers#isBlank}). */
    static boolean isBlank(final String text) {
        return CanonicalIdentifiers.isBlank(text);
    }
}
