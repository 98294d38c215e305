package io.stoppay.console;

import io.stoppay.config.StopPayConfig;
import io.stoppay.topology.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import stoppay.v1.WarningOutcome;

/**
 * Writes the outcomes officers record in the console to the warning outcomes topic
 * ({@code alerts.police-warnings.outcomes.v1}, key: the warningId), where the outcome loop reads them
 * as it reads an anti-fraud centre's feed. One idempotent producer per instance, {@code acks=all}:
 * an outcome is recorded once every in-sync replica has it. Not transactional: one record, and the
 * loop counts the same outcome of a warning once, so a retry after a timeout does no harm.
 */
public final class WarningOutcomeWriter implements AutoCloseable {

    /** How long a write may wait for its acknowledgement (and for metadata) before the officer is told to retry. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, WarningOutcome> producer;
    private final String topic;

    WarningOutcomeWriter(final Producer<String, WarningOutcome> producer, final String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A producer to {@code topic} on the cluster of {@code config} (its {@code kafka.*} settings). */
    public static WarningOutcomeWriter connect(final StopPayConfig config, final Topic<String, WarningOutcome> topic) {
        final Map<String, Object> props = new HashMap<>(config.kafka());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-console");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
        return new WarningOutcomeWriter(new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer()), topic.name());
    }

    /**
     * Writes {@code outcome} under its warningId and waits for the acknowledgement.
     *
     * @throws ExecutionException when Kafka refused it
     * @throws TimeoutException   when no acknowledgement came within {@link #ACK_TIMEOUT}: it may be written
     * @throws org.apache.kafka.common.KafkaException when the producer refused it before sending
     */
    void write(final WarningOutcome outcome) throws ExecutionException, TimeoutException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, outcome.getWarningId(), outcome))
                .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(ACK_TIMEOUT);
    }
}
