package io.stoppay.validation;

import io.stoppay.metrics.AppendTime;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import stoppay.v1.PaymentTransaction;

/**
 * Payments are processed in event time (when the payer initiated them), so that windows and
 * look-backs stay right when a backlog is replayed in a burst.
 *
 * <p>An event time that is missing, before 2000, too far ahead of the Kafka timestamp or too far
 * behind it falls back to the Kafka timestamp: such a payment goes to the dead-letter topic anyway
 * ({@link PaymentCheck}), and must neither push stream time into the future (which would expire
 * every window early) nor be dropped silently for a negative timestamp, and the check must see
 * the Kafka timestamp to tell how far off it is.
 */
public final class PaymentTimestampExtractor implements TimestampExtractor {

    private final long maxFutureSkewMs;
    private final long maxPastAgeMs;

    /** With the same bounds as the {@link PaymentCheck} after it. */
    public PaymentTimestampExtractor(final Duration maxFutureSkew, final Duration maxPastAge) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.maxPastAgeMs = maxPastAge.toMillis();
    }

    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        final long kafkaTime = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        AppendTime.stamp(record.headers(), kafkaTime);
        if (record.value() instanceof PaymentTransaction txn && txn.getEventTime() != null) {
            final long eventTime = txn.getEventTime().toEpochMilli();
            if (eventTime >= PaymentCheck.EARLIEST_EVENT_TIME.toEpochMilli() && eventTime <= kafkaTime + maxFutureSkewMs
                    && eventTime >= kafkaTime - maxPastAgeMs) {
                return eventTime;
            }
        }
        return kafkaTime;
    }
}
