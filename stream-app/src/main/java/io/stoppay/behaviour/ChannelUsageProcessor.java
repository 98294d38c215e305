package io.stoppay.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.v1.SubjectType;
import stoppay.v1.SubjectUsage;

/**
 * 人卡分离 and card farming: how many distinct payer accounts used one device or IP within the
 * window. Runs beside the decision path, in the channel's task: the count is published to the
 * subject-usage topic when it reaches {@code minAccounts} or changes above it, and withdrawn
 * (a tombstone) when it falls below, so the decision reads it from a global store. The payment
 * that first crosses the threshold is therefore decided before the count is visible; the ones
 * after it are not.
 *
 * <p>Input: payer accounts keyed {@code DEVICE:id} or {@code IP:address}, in event time: each
 * payer's first use of the channel per refresh period only ({@link FirstChannelUse}), so a payer's
 * time here may be up to a period behind its latest use. Output: {@link SubjectUsage} keyed the
 * same way.
 */
public final class ChannelUsageProcessor implements Processor<String, String, String, SubjectUsage> {

    public static final String STORE = "channel-payers";

    private static final char SEPARATOR = '\0';
    private static final Serializer<String> PREFIX_SERIALIZER = Serdes.String().serializer();

    private final Duration window;
    private final int minAccounts;
    private ProcessorContext<String, SubjectUsage> context;
    /** {@code channel \0 payer} to when the payer last used it; {@code channel} alone to the count last published. */
    private KeyValueStore<String, Long> payers;

    public ChannelUsageProcessor(final Duration window, final int minAccounts) {
        this.window = window;
        this.minAccounts = minAccounts;
    }

    public static StoreBuilder<KeyValueStore<String, Long>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(final ProcessorContext<String, SubjectUsage> context) {
        this.context = context;
        this.payers = context.getStateStore(STORE);
    }

    @Override
    public void process(final Record<String, String> record) {
        final String channel = record.key();
        final long horizon = Math.max(context.currentStreamTimeMs(), record.timestamp()) - window.toMillis();
        boolean newToChannel = false;
        if (record.timestamp() >= horizon) {
            final String key = channel + SEPARATOR + record.value();
            final Long seen = payers.get(key);
            // The same time may be this very record again (at-least-once replays it after a crash that
            // kept the payer's entry but lost the count it made): counted as new, so it is recounted.
            newToChannel = seen == null || seen < horizon || seen == record.timestamp();
            if (seen == null || seen < record.timestamp()) {
                payers.put(key, record.timestamp());
            }
        }
        final Long published = payers.get(channel);
        if (!newToChannel && published == null) {
            // A payer counted already adds no one, and an unpublished count can only fall: nothing to
            // publish or withdraw. This spares the scan of a channel's payers for most payments (a
            // customer's own phone, again); a shared address's scan was 5% of the stream thread.
            return;
        }
        final int accounts = countSince(channel, horizon);
        if (accounts >= minAccounts && (published == null || published != accounts)) {
            payers.put(channel, (long) accounts);
            context.forward(record.withValue(usage(channel, accounts, record.timestamp())));
        } else if (accounts < minAccounts && published != null) {
            payers.delete(channel);
            context.forward(record.withValue((SubjectUsage) null));
        }
    }

    /** Distinct payers seen since {@code horizon}; older ones are forgotten on the way. */
    private int countSince(final String channel, final long horizon) {
        final List<String> stale = new ArrayList<>();
        int count = 0;
        try (KeyValueIterator<String, Long> it = payers.prefixScan(channel + SEPARATOR, PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                final KeyValue<String, Long> seen = it.next();
                if (seen.value < horizon) {
                    stale.add(seen.key);
                } else {
                    count++;
                }
            }
        }
        stale.forEach(payers::delete);
        return count;
    }

    private static SubjectUsage usage(final String channel, final int accounts, final long timestamp) {
        final int colon = channel.indexOf(':');
        return new SubjectUsage(SubjectType.valueOf(channel.substring(0, colon)), channel.substring(colon + 1),
                accounts, Instant.ofEpochMilli(timestamp));
    }
}
