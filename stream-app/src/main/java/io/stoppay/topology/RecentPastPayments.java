package io.stoppay.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import stoppay.v1.PaymentTransaction;

/**
 * Passes on the past payments made within {@code window} before now (wall clock), and drops the
 * older ones. For device and IP usage: its count is published while a channel is in use and
 * withdrawn only when the channel is seen again, so a count built from days-old history (six
 * payers on one phone last week) would stand and hold today's first payment from that phone.
 * Live payments keep the usage window themselves; the history, read at any time, needs the
 * wall clock.
 *
 * <p>Input and output: past payments keyed by payer, at their event time.
 */
final class RecentPastPayments implements FixedKeyProcessor<String, PaymentTransaction, PaymentTransaction> {

    private final long windowMs;
    private FixedKeyProcessorContext<String, PaymentTransaction> context;

    RecentPastPayments(final Duration window) {
        this.windowMs = window.toMillis();
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, PaymentTransaction> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, PaymentTransaction> record) {
        if (record.timestamp() >= context.currentSystemTimeMs() - windowMs) {
            context.forward(record);
        }
    }
}
