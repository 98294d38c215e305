package io.stoppay.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The gauge {@code stoppay_reference_lag_records{topic}}: records of a global store's topic
 * (accepted account profiles, accepted rulesets, restrictions, subject usage) that this instance
 * has not yet read into its store, summed over the topic's partitions. A decision looks its
 * payer and payee up in those stores, so while the profiles lag, a payment is judged without its
 * account's profile (no age, no holder's birth year, no last activity); while restrictions lag,
 * without a fresh listing. 0 when caught up; NaN until the global consumer has fetched from the
 * topic at all.
 *
 * <p>Read from the global consumer's own per-partition {@code records-lag} at each scrape, not
 * through Micrometer's Kafka binder, which finds new Kafka metrics only once a minute: an
 * operator (or the benchmark) waiting for a bulk profile load to land wants the value now.
 */
public final class ReferenceLag {

    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    static final String RECORDS_LAG = "records-lag";
    static final String GLOBAL_CONSUMER_SUFFIX = "-global-consumer";

    private ReferenceLag() {
    }

    /** Registers one gauge per topic read into a global store of {@code streams}. */
    public static void register(final KafkaStreams streams, final Collection<String> globalTopics,
                                final MeterRegistry registry) {
        for (final String topic : globalTopics) {
            Gauge.builder("stoppay.reference.lag", streams, client -> of(client.metrics(), topic))
                    .tag("topic", topic)
                    .baseUnit("records")
                    .description("Records of a global store's topic not yet read into this instance's store "
                            + "(NaN until first fetched)")
                    .register(registry);
        }
    }

    /**
     * The global consumer's lag on {@code topic}, summed over the partitions it reported; NaN when
     * it reported none. Kafka's fetch metrics tag a partition's topic with its dots as underscores
     * ({@code FetchMetricsManager}), so {@code a.b} and {@code a_b} would read as one.
     */
    static double of(final Map<MetricName, ? extends Metric> metrics, final String topic) {
        final String tagged = topic.replace('.', '_');
        double sum = 0;
        boolean reported = false;
        for (final Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            final MetricName name = entry.getKey();
            if (!RECORDS_LAG.equals(name.name()) || !FETCH_GROUP.equals(name.group())
                    || !name.tags().getOrDefault("client-id", "").endsWith(GLOBAL_CONSUMER_SUFFIX)
                    || !name.tags().containsKey("partition")) {
                continue;
            }
            if (!tagged.equals(name.tags().get("topic"))) {
                continue;
            }
            if (entry.getValue().metricValue() instanceof Number lag && !Double.isNaN(lag.doubleValue())) {
                sum += lag.doubleValue();
                reported = true;
            }
        }
        return reported ? sum : Double.NaN;
    }
}
