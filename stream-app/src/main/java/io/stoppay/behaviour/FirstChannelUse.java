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
 * In the payer's task, before the channel count ({@link ChannelUsageProcessor}): passes on a payer's
 * use of a device or IP only when it is the payer's first use of that channel in its refresh period
 * (periods of {@code refresh} from the epoch). A customer's own phone and home IP, used again and
 * again, then cost one record to the channel's task per period instead of one per payment: each such
 * record was a repartition send and receive and three state operations in the channel's task, about
 * 15% of the decisions' stream thread at max rate (design note 29).
 *
 * <p>The price: the channel's task learns a payer's latest use up to {@code refresh} late, so a payer
 * can leave a channel's count up to {@code refresh} before its window says, and a published count is
 * withdrawn up to {@code refresh} late (its recount waits for a record). A new payer of a channel is
 * always passed on at once, so a count rises as soon as before. {@code refresh} 0 passes on every use.
 *
 * <p>Input: payments keyed by payer, in the payer's task. Output: payers ({@link ChannelPayer}: the
 * account and its holder) keyed by channel ({@code DEVICE:id}, {@code IP:address}; {@link ChannelKeys}).
 */
public final class FirstChannelUse implements Processor<String, PaymentTransaction, String, String> {

    public static final String STORE = "payer-channel-uses";

    private static final char SEPARATOR = '\0';

    private final long refreshMs;
    private ProcessorContext<String, String> context;
    /** {@code payer \0 channel} at the start of a refresh period to the payer's first use of it then. */
    private WindowStore<String, Long> uses;

    public FirstChannelUse(final Duration refresh) {
        this.refreshMs = refresh.toMillis();
    }

    /** Keeps the current period and the one before it, for payments that arrive late. */
    public static StoreBuilder<WindowStore<String, Long>> builder(final Duration refresh) {
        final Duration period = refresh.isZero() ? Duration.ofMillis(1) : refresh;
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, period.multipliedBy(2), period, false),
                Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(final ProcessorContext<String, String> context) {
        this.context = context;
        this.uses = context.getStateStore(STORE);
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final String payer = record.key();
        String sent = null;
        for (final String channel : ChannelKeys.of(record.value())) {
            if (firstInPeriod(payer + SEPARATOR + channel, record.timestamp())) {
                sent = sent == null ? ChannelPayer.of(record.value()).encoded() : sent;
                context.forward(record.withKey(channel).withValue(sent));
            }
        }
    }

    private boolean firstInPeriod(final String use, final long time) {
        if (refreshMs == 0) {
            return true;
        }
        final long period = time - Math.floorMod(time, refreshMs);
        final Long first = uses.fetch(use, period);
        // The same time is this very record again (at-least-once replays it after a crash that kept
        // the entry but lost the record it sent): passed on again, so that the channel counts it.
        if (first != null && first != time) {
            return false;
        }
        if (first == null) {
            uses.put(use, time, period);
        }
        return true;
    }
}
