package io.stoppay.statistics;

import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.RegionDailyStatistics;

/**
 * The statistics of every region-day of this task: adds each batched delta (keyed
 * {@code <region>|<yyyy-MM-dd>}, co-partitioned) to the day's total in {@value #STORE} and forwards the
 * new total, with its medians, to the compacted statistics topic.
 *
 * <p>Retention: a day more than {@code retentionDays} before today (wall clock, in the statistics'
 * zone) is forgotten: a delta for it is dropped and counted ({@code stoppay_statistics_dropped_total}),
 * and a check every {@link #EXPIRY_INTERVAL} deletes it from the store and publishes its tombstone, so
 * the topic and every instance's copy of it stay bounded too.
 *
 * <p>Today's totals of the task are shown in the gauge {@code stoppay_statistics_today{region,measure}}.
 */
public final class StatisticsAggregator implements Processor<String, RegionDailyStatistics, String, RegionDailyStatistics> {

    public static final String STORE = "statistics-region-daily";
    /** How often expired days are looked for; days expire once a day. */
    static final Duration EXPIRY_INTERVAL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsAggregator.class);

    private final ZoneId zone;
    private final int retentionDays;
    private final InterceptionMetrics metrics;
    private ProcessorContext<String, RegionDailyStatistics> context;
    private KeyValueStore<String, RegionDailyStatistics> totals;
    private String task;

    public StatisticsAggregator(final ZoneId zone, final int retentionDays, final InterceptionMetrics metrics) {
        this.zone = zone;
        this.retentionDays = retentionDays;
        this.metrics = metrics;
    }

    /** The totals, persistent with a changelog; one record per region-day, so small. */
    public static StoreBuilder<KeyValueStore<String, RegionDailyStatistics>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                AvroSerde.of(RegionDailyStatistics.class));
    }

    @Override
    public void init(final ProcessorContext<String, RegionDailyStatistics> context) {
        this.context = context;
        this.totals = context.getStateStore(STORE);
        this.task = context.taskId().toString();
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expire);
        // Today's figures of this task for the gauge, after a restart or a move of the task too.
        final LocalDate today = today(context.currentSystemTimeMs());
        metrics.statisticsDay(today);
        try (KeyValueIterator<String, RegionDailyStatistics> it = totals.all()) {
            it.forEachRemaining(entry -> {
                if (RegionDay.dayOf(entry.key).equals(today)) {
                    metrics.statisticsOfTheDay(task, entry.value, today);
                }
            });
        }
    }

    @Override
    public void process(final Record<String, RegionDailyStatistics> record) {
        final RegionDailyStatistics delta = record.value();
        if (record.key() == null || delta == null) {
            return;
        }
        if (delta.getDay().isBefore(oldestKept(context.currentSystemTimeMs()))) {
            metrics.statisticsDropped();
            LOG.atDebug().setMessage("statistics for a day past retention dropped").addKeyValue("key", record.key()).log();
            return;
        }
        final RegionDailyStatistics total = totals.get(record.key());
        final RegionDailyStatistics updated = DailyStatistics.withMedians(total == null ? delta
                : DailyStatistics.add(total, delta));
        totals.put(record.key(), updated);
        metrics.statisticsOfTheDay(task, updated, today(context.currentSystemTimeMs()));
        context.forward(record.withValue(updated));
    }

    private LocalDate today(final long nowMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), zone);
    }

    private LocalDate oldestKept(final long nowMs) {
        return today(nowMs).minusDays(retentionDays);
    }

    private void expire(final long now) {
        metrics.statisticsDay(today(now));
        final LocalDate oldest = oldestKept(now);
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, RegionDailyStatistics> it = totals.all()) {
            it.forEachRemaining(entry -> {
                if (RegionDay.dayOf(entry.key).isBefore(oldest)) {
                    expired.add(entry.key);
                }
            });
        }
        for (final String key : expired) {
            totals.delete(key);
            context.forward(new Record<String, RegionDailyStatistics>(key, null, now));
        }
    }

    @Override
    public void close() {
        if (task != null) {
            metrics.forgetStatisticsOfTheDay(task);
        }
    }
}
