package io.stoppay.behaviour;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
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
 * 人卡分离 and card farming: how many distinct payers used one device or IP within the window,
 * a payer being its holder where the payment names one, else its account ({@link ChannelPayer}).
 * Runs beside the decision path, in the channel's task: the count is published to the subject-usage
 * topic when it reaches {@code minAccounts} or changes above it, and withdrawn
 * (a tombstone) when it falls below, so the decision reads it from a global store. The payment
 * that first crosses the threshold is therefore decided before the count is visible; the ones
 * after it are not.
 *
 * <p>Below the threshold a payer new to the channel recounts its payers (a scan of at most a few
 * entries, forgetting those past the window). Above it, a new payer adds one, and a payer counted
 * already recounts the channel only if it was last recounted a minute or more (event time) before:
 * a shared address's thousands of payers, recounted on every use, made its cost grow with the
 * square of its degree and stalled every decision behind it (FIELD-NOTES: hubs). A channel nobody
 * uses is recounted by the <b>sweep</b>, every minute of wall-clock time for every published
 * channel, so a device no longer shared stops holding its next user within a minute of its payers
 * ageing out of the window, whether or not anyone uses it. The sweep's time is stream time plus the
 * wall-clock time it has stood still: in a quiet task the window still moves on, in a backlog it
 * follows the payments.
 *
 * <p>Input: payers ({@link ChannelPayer}) keyed {@code DEVICE:id} or {@code IP:address}, in event
 * time: each payer's first use of the channel per refresh period only ({@link FirstChannelUse}), so a payer's
 * time here may be up to a period behind its latest use. Output: {@link SubjectUsage} keyed the
 * same way.
 */
public final class ChannelUsageProcessor implements Processor<String, String, String, SubjectUsage> {

    public static final String STORE = "channel-payers";
    /** How often every published count is recounted (wall clock). */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    /** How often a published count is recounted at most on its payers' uses (event time). */
    private static final long RECOUNT_EVERY_MS = Duration.ofMinutes(1).toMillis();

    private static final char SEPARATOR = '\0';
    /** Prefix of the index of published channels, each to when it was last recounted; sorts before every channel key. */
    private static final String PUBLISHED = "\u0001";
    private static final Serializer<String> PREFIX_SERIALIZER = Serdes.String().serializer();

    private final Duration window;
    private final int minAccounts;
    private ProcessorContext<String, SubjectUsage> context;
    /**
     * {@code channel \0 identity} to when the payer last used it; {@code channel} alone to the count last
     * published, and {@code \u0001 channel} to when that count was last recounted, the index the
     * sweep walks.
     */
    private KeyValueStore<String, Long> payers;
    private long sweptStreamTime = Long.MIN_VALUE;
    private long streamTimeStillSince;

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
        context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(final Record<String, String> record) {
        final String channel = record.key();
        final long horizon = Math.max(context.currentStreamTimeMs(), record.timestamp()) - window.toMillis();
        if (record.timestamp() < horizon) {
            return; // too old to count
        }
        final ChannelPayer payer = ChannelPayer.decoded(record.value());
        final String key = channel + SEPARATOR + payer.identity();
        final Long seen = lastSeen(channel, payer, key);
        if (seen == null || seen < record.timestamp()) {
            payers.put(key, record.timestamp());
        }
        final Long published = payers.get(channel);
        if (published != null) {
            // Every payer with an entry is in the count (a recount forgets those past the window).
            if (seen == null) {
                payers.put(channel, published + 1);
                context.forward(new Record<>(channel, usage(channel, published.intValue() + 1, record.timestamp()),
                        record.timestamp()));
            } else {
                // None: published by a version without the index, recounted (and indexed) now.
                final Long recounted = payers.get(PUBLISHED + channel);
                if (recounted == null || record.timestamp() - recounted >= RECOUNT_EVERY_MS) {
                    recount(channel, horizon, record.timestamp());
                }
            }
            return;
        }
        // The same time may be this very record again (at-least-once replays it after a crash that kept
        // the payer's entry but lost the count it made): recounted. Otherwise a payer counted already
        // adds no one, and an unpublished count can only fall: nothing to publish.
        if (seen == null || seen < horizon || seen == record.timestamp()) {
            recount(channel, horizon, record.timestamp());
        }
    }

    /**
     * When the payer last used the channel, or null. An entry of a version that counted accounts
     * gives its place to the holder's, so that no one is counted twice.
     */
    private Long lastSeen(final String channel, final ChannelPayer payer, final String key) {
        final Long seen = payers.get(key);
        if (payer.holder() == null) {
            return seen;
        }
        final String accountKey = channel + SEPARATOR + payer.account();
        final Long counted = payers.get(accountKey);
        if (counted == null) {
            return seen;
        }
        payers.delete(accountKey);
        return seen == null ? counted : seen;
    }

    /** Recounts every published channel: those whose payers aged out of the window are withdrawn. */
    private void sweep(final long now) {
        final long streamTime = context.currentStreamTimeMs();
        if (streamTime != sweptStreamTime) {
            sweptStreamTime = streamTime;
            streamTimeStillSince = now;
        }
        if (streamTime < 0) {
            return; // no record yet
        }
        final long time = streamTime + (now - streamTimeStillSince);
        final List<String> channels = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = payers.prefixScan(PUBLISHED, PREFIX_SERIALIZER)) {
            it.forEachRemaining(published -> channels.add(published.key.substring(PUBLISHED.length())));
        }
        channels.forEach(channel -> recount(channel, time - window.toMillis(), time));
    }

    private void recount(final String channel, final long horizon, final long time) {
        final Long published = payers.get(channel);
        final int accounts = countSince(channel, horizon);
        if (accounts >= minAccounts) {
            payers.put(PUBLISHED + channel, time);
            if (published == null || published != accounts) {
                payers.put(channel, (long) accounts);
                context.forward(new Record<>(channel, usage(channel, accounts, time), time));
            }
        } else if (published != null) {
            payers.delete(channel);
            payers.delete(PUBLISHED + channel);
            context.forward(new Record<>(channel, null, time));
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
