package io.stoppay.statistics;

import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.v1.RegionDailyStatistics;

/**
 * Adds up, per task, what records of the stream contribute to each region-day ({@code toDeltas}), and
 * forwards the sums, keyed {@code <region>|<yyyy-MM-dd>}, every {@link #FLUSH_INTERVAL} of wall-clock
 * time: what goes on to the statistics' repartition topic is bounded by the region-days a task touched,
 * not by the payments it decided.
 *
 * <p>The pending sums are a changelogged in-memory store, not fields: under exactly-once, a sum and the
 * offsets of the records it counts commit together, and a sum forwarded and deleted at a flush commits
 * with the forwarded record, so a retry or a restart neither loses nor doubles a count.
 *
 * @param <V> what the stream carries (a decision or a joined outcome)
 */
public final class StatisticsBatcher<V> implements Processor<String, V, String, RegionDailyStatistics> {

    /** How often the sums go on: statistics are for people, a second late is nothing. */
    public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final String storeName;
    private final Function<V, List<RegionDailyStatistics>> toDeltas;
    private ProcessorContext<String, RegionDailyStatistics> context;
    private KeyValueStore<String, RegionDailyStatistics> pending;

    /** Batches the deltas {@code toDeltas} finds in each record in the store {@code storeName} ({@link #store}). */
    public StatisticsBatcher(final String storeName, final Function<V, List<RegionDailyStatistics>> toDeltas) {
        this.storeName = storeName;
        this.toDeltas = toDeltas;
    }

    /** The pending sums of one task: in memory, with a changelog; cached, so a commit logs a key once. */
    public static StoreBuilder<KeyValueStore<String, RegionDailyStatistics>> store(final String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                AvroSerde.of(RegionDailyStatistics.class)).withCachingEnabled();
    }

    @Override
    public void init(final ProcessorContext<String, RegionDailyStatistics> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(final Record<String, V> record) {
        if (record.value() == null) {
            return;
        }
        for (final RegionDailyStatistics delta : toDeltas.apply(record.value())) {
            final String key = new RegionDay(delta.getRegionCode(), delta.getDay()).key();
            final RegionDailyStatistics sum = pending.get(key);
            pending.put(key, sum == null ? delta : DailyStatistics.add(sum, delta));
        }
    }

    private void flush(final long now) {
        final List<KeyValue<String, RegionDailyStatistics>> sums = new ArrayList<>();
        try (KeyValueIterator<String, RegionDailyStatistics> it = pending.all()) {
            it.forEachRemaining(sums::add);
        }
        for (final KeyValue<String, RegionDailyStatistics> sum : sums) {
            pending.delete(sum.key);
            context.forward(new Record<>(sum.key, sum.value, now));
        }
    }
}
