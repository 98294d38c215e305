package io.stoppay.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import stoppay.v1.Action;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.WarningOutcomeKind;

/**
 * The gauge {@code stoppay_statistics_today{region,measure}}: today's statistics of each region whose
 * region-day a task of this instance adds up, for Grafana. Each region-day lives in one task, so the
 * cluster's figure of a region is the sum over instances. A figure counts only on its own day: once a
 * task's clock passes midnight (in the statistics' zone; checked at least hourly) yesterday's read 0. Series
 * exist per region seen since the start, times {@link Measure}: bounded by the regions StopPay serves.
 */
final class TodayStatistics {

    /** What the gauge shows of a region's day. */
    enum Measure {
        DECIDED, HELD, STOPPED, ALERTS, WARNINGS, DISSUADED, LOSSES_ALREADY_OCCURRED;

        long of(final RegionDailyStatistics s) {
            return switch (this) {
                case DECIDED -> s.getDecided();
                case HELD -> s.getDecisionsByAction().getOrDefault(Action.HOLD.name(), 0L);
                case STOPPED -> s.getDecisionsByAction().getOrDefault(Action.STOP_PAYMENT.name(), 0L);
                case ALERTS -> s.getAlerts();
                case WARNINGS -> s.getWarningsByKind().values().stream().mapToLong(Long::longValue).sum();
                case DISSUADED -> s.getWarningOutcomes().getOrDefault(WarningOutcomeKind.DISSUADED.name(), 0L);
                case LOSSES_ALREADY_OCCURRED ->
                        s.getWarningOutcomes().getOrDefault(WarningOutcomeKind.LOSS_ALREADY_OCCURRED.name(), 0L);
            };
        }
    }

    private record Figures(LocalDate day, long[] values) {
    }

    private final MeterRegistry registry;
    /** Per task, per region, the latest figures of the region's latest day. */
    private final Map<String, Map<String, Figures>> byTask = new ConcurrentHashMap<>();
    private final Set<String> regions = ConcurrentHashMap.newKeySet();
    /** Today as the latest task saw it (its wall clock, in the statistics' zone). */
    private volatile LocalDate today = LocalDate.MIN;

    TodayStatistics(final MeterRegistry registry) {
        this.registry = registry;
    }

    /** The day is {@code day} now: figures of earlier days read 0. */
    void today(final LocalDate day) {
        if (day.isAfter(today)) {
            today = day;
        }
    }

    /** {@code total} of {@code task}, shown while its day is today. */
    void set(final String task, final RegionDailyStatistics total) {
        if (total.getDay().isBefore(today)) {
            return;
        }
        final long[] values = new long[Measure.values().length];
        for (final Measure measure : Measure.values()) {
            values[measure.ordinal()] = measure.of(total);
        }
        final Map<String, Figures> ofTask = byTask.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
        ofTask.merge(total.getRegionCode(), new Figures(total.getDay(), values),
                (old, now) -> now.day().isBefore(old.day()) ? old : now);
        if (regions.add(total.getRegionCode())) {
            for (final Measure measure : Measure.values()) {
                Gauge.builder("stoppay.statistics.today", () -> today(total.getRegionCode(), measure))
                        .description("Today's statistics of a region (Beijing day), by measure; sum over instances")
                        .tags("region", total.getRegionCode(), "measure", measure.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    void forget(final String task) {
        byTask.remove(task);
    }

    private long today(final String region, final Measure measure) {
        long sum = 0;
        for (final Map<String, Figures> ofTask : byTask.values()) {
            final Figures figures = ofTask.get(region);
            if (figures != null && figures.day().equals(today)) {
                sum += figures.values()[measure.ordinal()];
            }
        }
        return sum;
    }
}
