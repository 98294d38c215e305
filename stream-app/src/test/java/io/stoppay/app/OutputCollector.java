package io.stoppay.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics the way a bank would (read_committed) and keeps every record it has seen, per
 * topic, for assertions. Call {@link #poll()} from an Awaitility condition.
 */
final class OutputCollector implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> seen = new ConcurrentHashMap<>();

    OutputCollector(final Map<String, Object> consumerProps, final Collection<String> topics) {
        this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
    }

    /** Fetches what is available now. */
    OutputCollector poll() {
        consumer.poll(Duration.ofMillis(200))
                .forEach(record -> seen.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record));
        return this;
    }

    List<ConsumerRecord<byte[], byte[]>> records(final String topic) {
        return List.copyOf(seen.getOrDefault(topic, List.of()));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
