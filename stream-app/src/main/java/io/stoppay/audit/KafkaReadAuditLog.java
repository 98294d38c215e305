package io.stoppay.audit;

import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import stoppay.v1.SubjectReadAudit;

/**
 * The audit of subject reads on its topic, keyed by principal: an idempotent producer with
 * {@code acks=all}, each record acknowledged before the read is answered. A retry after a lost
 * acknowledgement is deduplicated by the broker, so each read is on the topic once.
 */
public final class KafkaReadAuditLog implements ReadAuditLog, AutoCloseable {

    private static final AvroSerde<SubjectReadAudit> SERDE = AvroSerde.of(SubjectReadAudit.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    /**
     * @param kafka   the instance's Kafka client settings
     * @param timeout how long a read may wait for its audit record to be acknowledged
     */
    public KafkaReadAuditLog(final Map<String, Object> kafka, final String topic, final Duration timeout) {
        final Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1_000));
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1_000));
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "stoppay-read-audit");
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void record(final SubjectReadAudit audit) {
        try {
            producer.send(new ProducerRecord<>(topic, audit.getPrincipal(), SERDE.encode(audit)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException | RuntimeException e) {
            throw new AuditUnavailableException("audit record not acknowledged: " + e.getClass().getSimpleName(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while recording the audit", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
