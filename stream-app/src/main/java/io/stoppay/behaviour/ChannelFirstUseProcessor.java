package io.stoppay.behaviour;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import stoppay.v1.PaymentTransaction;

/**
 * In the payer's task, before the channel count: passes a payer's use of a device or IP on to
 * {@link ChannelUsageProcessor} only the first time in each half of the usage window. The count
 * needs to know that a payer used a channel within the window, not how often; a payer paying
 * from one phone all day sent two records per payment through a repartition topic before this
 * (issue 14), and sends about two a day now.
 *
 * <p>Input: valid payments keyed by payer. Output: the payer account keyed {@code DEVICE:id} or
 * {@code IP:address}, at the payment's event time.
 */
public final class ChannelFirstUseProcessor implements Processor<String, PaymentTransaction, String, String> {

    public static final String STORE = "payer-channels";

    private static final char SEPARATOR = '\0';

    private final long bucketMs;
    private ProcessorContext<String, String> context;
    private WindowStore<String, Long> used;

    /** {@code window}: the usage window of {@link ChannelUsageProcessor}. */
    public ChannelFirstUseProcessor(final Duration window) {
        this.bucketMs = Math.max(1, window.toMillis() / 2);
    }

    public static StoreBuilder<WindowStore<String, Long>> builder(final Duration window) {
        final Duration bucket = Duration.ofMillis(Math.max(1, window.toMillis() / 2));
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, window.plus(bucket), bucket, false),
                Serdes.String(), Serdes.Long()).withCachingEnabled();
    }

    @Override
    public void init(final ProcessorContext<String, String> context) {
        this.context = context;
        this.used = context.getStateStore(STORE);
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final String payer = record.key();
        final long bucket = record.timestamp() - Math.floorMod(record.timestamp(), bucketMs);
        for (final String channel : ChannelKeys.of(record.value())) {
            final String key = payer + SEPARATOR + channel;
            if (used.fetch(key, bucket) == null) {
                used.put(key, record.timestamp(), bucket);
                context.forward(record.withKey(channel).withValue(payer));
            }
        }
    }
}
