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
 * <p>An event time that is missing, before 1970 or too far ahead of the Kafka timestamp falls
 * back to the Kafka timestamp: such a payment goes to the dead-letter topic anyway
 * ({@link PaymentCheck}), and must neither push stream time into the future (which would expire
 * every window early) nor be dropped silently for a negative timestamp.
 */
public final class PaymentTimestampExtractor implements TimestampExtractor {

    private final long maxFutureSkewMs;

    public PaymentTimestampExtractor(final Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        final long kafkaTime = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        AppendTime.stamp(record.headers(), kafkaTime);
        if (record.value() instanceof PaymentTransaction txn && txn.getEventTime() != null) {
            final long eventTime = txn.getEventTime().toEpochMilli();
            if (eventTime > 0 && eventTime <= kafkaTime + maxFutureSkewMs) {
                return eventTime;
            }
        }
        return kafkaTime;
    }
}
