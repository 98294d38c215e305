package io.stoppay.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stoppay.state.BoundedRocksDbMemory;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Every meter one instance exposes at {@code /metrics}: the JVM's, Kafka Streams' and its
 * clients' (Micrometer's Kafka binder: consumer lag, commit rates, process latency, RocksDB,
 * ...), StopPay's own ({@link InterceptionMetrics}) and the restricted-subjects gauge.
 */
public final class InstanceMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final InterceptionMetrics interception;
    private final JvmGcMetrics gc;
    private KafkaStreamsMetrics kafkaStreams;
    private KafkaStreamsMetrics restrictionStreams;
    private RestrictedSubjectCount restrictedSubjects;

    /** Kafka Streams' per-store meters: {@code kafka_stream_state_*} once exported. */
    static final String STORE_METERS = "kafka.stream.state.";

    /**
     * An instance's meters, with Kafka Streams' per-store meters ({@value #STORE_METERS}) only if
     * {@code storeDetail} ({@code stoppay.metrics.store.detail}): they are most of the scrape (8,348
     * of 15,337 series on one 6-partition instance, measured 2026-12-01), and at Kafka's default
     * recording level none of them says anything the instance's own meters do not.
     */
    public InstanceMetrics(final boolean storeDetail) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (!storeDetail) {
            registry.config().meterFilter(MeterFilter.denyNameStartsWith(STORE_METERS));
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
        this.interception = new InterceptionMetrics(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public InterceptionMetrics interception() {
        return interception;
    }

    /**
     * Adds the metrics of both Kafka Streams clients (the decisions, {@code streams}, whose global
     * stores the restricted subjects are counted from, and the restriction graph), the instance's
     * readiness (what {@code /health/ready} answers, as 1 or 0, so that Prometheus can alert on an
     * instance that stays unready), how far each of its {@code globalTopics} is behind
     * ({@link ReferenceLag}) and starts counting restricted subjects.
     */
    public void observe(final KafkaStreams streams, final KafkaStreams restrictions, final Collection<String> globalTopics,
                        final Duration restrictedRefresh, final BooleanSupplier ready) {
        Gauge.builder("stoppay.instance.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 when this instance is RUNNING with no store restoring (/health/ready answers 200)")
                .register(registry);
        // One number for all stores: Kafka's per-store RocksDB metrics cannot add up a shared cache.
        Gauge.builder("stoppay.rocksdb.memory.used", BoundedRocksDbMemory::usedBytes).baseUnit("bytes")
                .description("RocksDB memory of this instance: the shared block cache, memtables included")
                .register(registry);
        ReferenceLag.register(streams, globalTopics, registry);
        this.kafkaStreams = new KafkaStreamsMetrics(streams);
        kafkaStreams.bindTo(registry);
        this.restrictionStreams = new KafkaStreamsMetrics(restrictions);
        restrictionStreams.bindTo(registry);
        this.restrictedSubjects = RestrictedSubjectCount.start(streams, registry, restrictedRefresh);
    }

    @Override
    public void close() {
        if (restrictedSubjects != null) {
            restrictedSubjects.close();
        }
        if (kafkaStreams != null) {
            kafkaStreams.close();
            restrictionStreams.close();
        }
        gc.close();
        registry.close();
    }
}
