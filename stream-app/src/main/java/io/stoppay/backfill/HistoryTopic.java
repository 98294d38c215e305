package io.stoppay.backfill;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.validation.InvalidRecordException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import stoppay.v1.PaymentTransaction;

/**
 * A payment history on a Kafka topic: {@code PaymentTransaction} values in Avro single-object
 * encoding (e.g. an archive copy of the payments topic), every partition read from its earliest
 * offset to the end it had when the read began; what is written after that is not read. The
 * consumer is assigned the partitions and belongs to no group: it commits nothing and leaves no
 * trace on the cluster. Transactions are read committed. A value that does not decode is an
 * unreadable entry at {@code partition P offset O}, reason {@code UNDECODABLE}; the key is not
 * read (the backfill keys each payment by its payer).
 */
public final class HistoryTopic implements HistorySource {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> start;
    private final Map<TopicPartition, Long> end;
    private final Map<TopicPartition, Long> readUpTo;
    private final Set<TopicPartition> unfinished;
    private final long total;
    private Iterator<ConsumerRecord<byte[], byte[]>> batch = Collections.emptyIterator();

    private HistoryTopic(final KafkaConsumer<byte[], byte[]> consumer, final List<TopicPartition> partitions) {
        this.consumer = consumer;
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.start = consumer.beginningOffsets(partitions);
        this.end = consumer.endOffsets(partitions);
        this.readUpTo = new HashMap<>(start);
        this.unfinished = new HashSet<>(partitions);
        this.total = partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }

    /**
     * Opens {@code topic} with the cluster settings {@code kafka} (as {@code StopPayConfig.kafka()}).
     *
     * @throws IllegalArgumentException when the topic does not exist
     */
    public static HistoryTopic open(final Map<String, Object> kafka, final String topic) {
        final Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "stoppay-backfill-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Asking for a topic that is not there must not create it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Should retention delete records while they are read, go on from the earliest left.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            return new HistoryTopic(consumer, partitions);
        } catch (final RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    @Override
    public Optional<HistoryEntry> next() {
        while (true) {
            while (batch.hasNext()) {
                final ConsumerRecord<byte[], byte[]> record = batch.next();
                final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    readUpTo.put(partition, record.offset() + 1);
                    return Optional.of(entry(record));
                }
            }
            final Set<TopicPartition> finished = new HashSet<>();
            for (final TopicPartition partition : unfinished) {
                if (consumer.position(partition) >= end.get(partition)) {
                    finished.add(partition);
                }
            }
            // A finished partition is not fetched again: what was written to it since the start is not read.
            consumer.pause(finished);
            unfinished.removeAll(finished);
            finished.forEach(partition -> readUpTo.put(partition, end.get(partition)));
            if (unfinished.isEmpty()) {
                return Optional.empty();
            }
            batch = consumer.poll(POLL).iterator();
        }
    }

    private static HistoryEntry entry(final ConsumerRecord<byte[], byte[]> record) {
        final String position = "partition " + record.partition() + " offset " + record.offset();
        try {
            return HistoryEntry.read(position, AvroSerde.of(PaymentTransaction.class).decode(record.value()));
        } catch (final SerializationException e) {
            return HistoryEntry.unreadable(position, new InvalidRecordException("UNDECODABLE", e.getMessage()));
        }
    }

    @Override
    public OptionalDouble fractionRead() {
        if (total == 0) {
            return OptionalDouble.empty();
        }
        final long read = readUpTo.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
        return OptionalDouble.of(Math.min(1.0, (double) read / total));
    }

    @Override
    public String measure() {
        return "of the offsets";
    }

    @Override
    public void close() {
        consumer.close();
    }
}
