package io.stoppay.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows of a {@link MultiGauge}, each a value updated in place. Re-registering a row
 * ({@code register(rows, true)}) removes its gauge and adds a new one, and a Prometheus scrape
 * running meanwhile can see both and fail whole with "Duplicate labels" (micrometer#6851, still
 * in 1.17.2; HttpApiIT met it). Here a row keeps its gauge while it exists: only a row that
 * appears is registered, and only one that is gone is removed.
 *
 * <p>Not thread-safe: one thread shows the counts (a scrape only reads the values).
 */
final class GaugeRows {

    private final MultiGauge gauge;
    private final Map<Tags, AtomicLong> values = new HashMap<>();

    GaugeRows(final MultiGauge gauge) {
        this.gauge = gauge;
    }

    /** Makes the gauge show exactly {@code counts}: one row per tag set. */
    void show(final Map<Tags, Long> counts) {
        values.keySet().retainAll(counts.keySet());
        counts.forEach((tags, count) -> values.computeIfAbsent(tags, newRow -> new AtomicLong()).set(count));
        final List<MultiGauge.Row<?>> rows = values.entrySet().stream()
                .<MultiGauge.Row<?>>map(row -> MultiGauge.Row.of(row.getKey(), row.getValue(), AtomicLong::get))
                .toList();
        gauge.register(rows, false);
    }
}
