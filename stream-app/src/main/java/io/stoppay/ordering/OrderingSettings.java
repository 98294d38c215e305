package io.stoppay.ordering;

import io.stoppay.config.StopPayConfig;
import java.util.Map;

/**
 * How the decision puts payments in event-time order (design note 12).
 *
 * @param enabled        false: every payment is judged as it arrives, and no watermarks are sent
 * @param toleranceMs    millis: inflows at least this much earlier than a payment are recorded before it is
 *                       judged; likewise, a late-published payment waits for every partition to pass its
 *                       append time plus this
 * @param lateAfterMs    millis between event time and append time from which a payment counts as published
 *                       late (a feeder's backlog), and is ordered by append time
 * @param maxHoldMs      millis a payment waits at most for the watermarks; then it is judged on what is known
 * @param tickMs         millis between two checks of the held payments
 * @param watermarkEveryMs millis a payer stage lets pass before it sends a partition its changed watermarks on
 *                       their own (a partition that had a payment from it meanwhile has them): a commit
 *                       interval, since other tasks see them only once they are committed
 * @param upstreams      partitions of the payments topic: the payer stages whose watermarks count
 */
public record OrderingSettings(boolean enabled, long toleranceMs, long lateAfterMs, long maxHoldMs, long tickMs, long watermarkEveryMs,
                               int upstreams) {

    /**
     * Not a StopPay setting but a Kafka Streams property StopPay sets itself at start-up: the
     * partition count of the payments topic, read from the broker. Absent (a test driver with one
     * partition), it is 1.
     */
    public static final String UPSTREAMS_PROPERTY = "stoppay.internal.payment.partitions";

    private static final long MIN_TICK_MS = 5;
    /** Held payments are checked at least this often, whatever the commit interval: the longest hold ends on a tick. */
    private static final long MAX_TICK_MS = 50;

    public static OrderingSettings from(final StopPayConfig config, final Map<?, ?> streamsProperties) {
        final Object upstreams = streamsProperties.get(UPSTREAMS_PROPERTY);
        final long commitMs = config.longValue(StopPayConfig.COMMIT_INTERVAL_MS);
        return new OrderingSettings(config.bool(StopPayConfig.ORDERING_ENABLED), config.orderingToleranceMs(), config.longValue(StopPayConfig.ORDERING_LATE_AFTER_MS),
                config.longValue(StopPayConfig.ORDERING_MAX_HOLD_MS),
                Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, commitMs / 2)), Math.max(MIN_TICK_MS, commitMs),
                upstreams == null ? 1 : Integer.parseInt(upstreams.toString()));
    }

    /** A partition with no payment for this long is taken to be caught up: its watermarks follow the clock. */
    public long idleAfterMs() {
        return toleranceMs / 2;
    }

    /**
     * How far behind the clock a caught-up partition's watermarks stay: two ticks, for a payment
     * appended just now and not yet fetched. Closer than the tolerance, so that a task whose own
     * watermarks reach the others late (a loaded machine) does not hold live payments.
     */
    public long idleLagMs() {
        return 2 * tickMs;
    }

    /** True for a payment appended long after its event time: ordered by append time, not event time. */
    public boolean publishedLate(final long eventTime, final long appendedAt) {
        return appendedAt - eventTime > lateAfterMs;
    }
}
