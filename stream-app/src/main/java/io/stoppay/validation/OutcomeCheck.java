package io.stoppay.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What every outcome record (a bank's {@code StopPaymentOutcome}, an anti-fraud centre's
 * {@code WarningOutcome}) must satisfy, whatever it answers: a value, ids that are not blank, a key
 * equal to the id of the alert or warning it answers, that id being the one StopPay derives from
 * the txnId (so a typo in either is refused now, not forgotten unmatched after the retention), an
 * actor's id, and a plausible {@code actedAt}: not before 2000 (seconds sent as milliseconds), and
 * not more than {@code stoppay.validation.max.future.skew.ms} ahead of the record's Kafka timestamp
 * or of StopPay's clock.
 */
abstract class OutcomeCheck<V> implements RecordCheck<V> {

    private final String answers;
    private final long maxFutureSkewMs;
    private final Clock clock;

    /**
     * @param answers       "alert" or "warning": what the outcome answers, in messages and reason codes
     * @param maxFutureSkew how far ahead of its Kafka timestamp, and of {@code clock}, an actedAt may be
     * @param clock         the clock an actedAt may not be far ahead of
     */
    OutcomeCheck(final String answers, final Duration maxFutureSkew, final Clock clock) {
        this.answers = answers;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.clock = clock;
    }

    @Override
    public final void check(final String key, final V outcome, final long timestamp) {
        if (outcome == null) {
            throw new InvalidRecordException("MISSING_VALUE", answers + " outcome record has no value");
        }
        checkOutcome(key, outcome, timestamp);
    }

    /** Checks an outcome that has a value; {@link #checkCommon} does what both kinds share. */
    abstract void checkOutcome(String key, V outcome, long timestamp);

    /**
     * @param key      the record key
     * @param id       the alertId or warningId the outcome names
     * @param txnId    the txnId it names
     * @param ownId    whether {@code id} is an id StopPay gives a notice of {@code txnId}
     * @param actor    the operator's or officer's id, and {@code actorField} its field name
     * @param actedAt  when the bank or centre acted
     * @param timestamp the record's Kafka timestamp
     */
    final void checkCommon(final String key, final String id, final String txnId, final boolean ownId,
                           final String actorField, final String actor, final Instant actedAt, final long timestamp) {
        final String what = answers;
        final String upper = what.toUpperCase(Locale.ROOT);
        if (PaymentCheck.isBlank(id)) {
            throw new InvalidRecordException("MISSING_" + upper + "_ID", what + " outcome has no " + what + "Id");
        }
        if (PaymentCheck.isBlank(txnId)) {
            throw new InvalidRecordException("MISSING_TXN_ID", what + " outcome " + id + " has no txnId");
        }
        if (!id.equals(key)) {
            throw new InvalidRecordException("KEY_MISMATCH", what + " outcome " + id + " is not keyed by its " + what + "Id");
        }
        if (!ownId) {
            throw new InvalidRecordException(upper + "_ID_MISMATCH", what + " outcome " + id
                    + " names no " + what + " StopPay issued for txn " + txnId + " (ids derive from the txnId)");
        }
        if (PaymentCheck.isBlank(actor)) {
            throw new InvalidRecordException("MISSING_" + actorField.toUpperCase(Locale.ROOT),
                    what + " outcome " + id + " has no " + actorField);
        }
        // It goes into the audit trail, kept forever, and onto operators' screens: a line break there forges a line.
        if (ScreenText.unsafe(actor)) {
            throw new InvalidRecordException("INVALID_" + actorField.toUpperCase(Locale.ROOT),
                    what + " outcome " + id + " has a control, line-separator or direction-changing character in its " + actorField);
        }
        final long acted = actedAt.toEpochMilli();
        if (acted < PaymentCheck.EARLIEST_EVENT_TIME.toEpochMilli()) {
            throw new InvalidRecordException("INVALID_ACTED_AT", what + " outcome " + id + " has actedAt " + actedAt
                    + ", before " + PaymentCheck.EARLIEST_EVENT_TIME + " (seconds sent as milliseconds?)");
        }
        if (acted > Math.min(timestamp, clock.millis()) + maxFutureSkewMs) {
            throw new InvalidRecordException("FUTURE_ACTED_AT", what + " outcome " + id + " has actedAt " + actedAt
                    + ", more than " + Duration.ofMillis(maxFutureSkewMs)
                    + " ahead of its Kafka timestamp or of StopPay's clock");
        }
    }
}
