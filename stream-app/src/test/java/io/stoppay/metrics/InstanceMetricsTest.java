package io.stoppay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import org.junit.jupiter.api.Test;

/** Which of Kafka's meters an instance exports: per-store ones only when asked for. */
class InstanceMetricsTest {

    @Test
    void shouldLeaveKafkaStreamsPerStoreMetersOutOfTheScrapeUnlessAskedFor() {
        try (InstanceMetrics metrics = new InstanceMetrics(false)) {
            registerKafkaLikeMeters(metrics);
            assertThat(metrics.registry().scrape())
                    .contains("kafka_stream_thread_process_rate ")
                    .doesNotContain("kafka_stream_state_");
        }
    }

    @Test
    void shouldExportKafkaStreamsPerStoreMetersWithStoreDetail() {
        try (InstanceMetrics metrics = new InstanceMetrics(true)) {
            registerKafkaLikeMeters(metrics);
            assertThat(metrics.registry().scrape())
                    .contains("kafka_stream_thread_process_rate ", "kafka_stream_state_size_all_mem_tables ");
        }
    }

    /** Named as Micrometer's Kafka binder names Kafka's {@code stream-thread-metrics} and {@code stream-state-metrics}. */
    private static void registerKafkaLikeMeters(final InstanceMetrics metrics) {
        Gauge.builder("kafka.stream.thread.process.rate", () -> 7).register(metrics.registry());
        Gauge.builder("kafka.stream.state.size.all.mem.tables", () -> 593_992).register(metrics.registry());
    }
}
