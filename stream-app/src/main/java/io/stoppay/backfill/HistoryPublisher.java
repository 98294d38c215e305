package io.stoppay.backfill;

import io.stoppay.schemas.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import stoppay.v1.PaymentTransaction;

/**
 * Writes past payments to the payment history topic with an idempotent producer (every replica
 * acknowledges, a retry never writes a record twice). The first failed write stops the run: the
 * next {@link #publish} or {@link #flush} throws it. Records carry the time they are written, not
 * their event time: the topic's retention runs from the former, so a payment from last year is
 * not deleted before StopPay has read it (StopPay takes its event time from the value).
 */
public final class HistoryPublisher implements HistorySink, AutoCloseable {

    private final KafkaProducer<String, PaymentTransaction> producer;
    private final String topic;
    private final LongAdder published = new LongAdder();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private HistoryPublisher(final KafkaProducer<String, PaymentTransaction> producer, final String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A publisher to {@code topic} with the cluster settings {@code kafka} (as {@code StopPayConfig.kafka()}). */
    public static HistoryPublisher connect(final Map<String, Object> kafka, final String topic) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "stoppay-backfill");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Throughput over latency: a backfill writes millions of records and nobody waits for one.
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new HistoryPublisher(new KafkaProducer<>(props, new StringSerializer(),
                AvroSerde.of(PaymentTransaction.class).serializer()), topic);
    }

    @Override
    public void publish(final String key, final PaymentTransaction payment) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, key, payment), (metadata, error) -> {
            if (error == null) {
                published.increment();
            } else {
                failure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public long published() {
        return published.sum();
    }

    private void throwIfFailed() {
        final Exception error = failure.get();
        if (error != null) {
            throw new KafkaException("cannot write to " + topic + ": " + error.getMessage(), error);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
