package io.stoppay.loadtest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic with a {@code read_committed} consumer (all partitions assigned, no group) and
 * remembers, per txnId, the record's log-append time and the wall-clock time the consumer got it.
 * The broker runs in this JVM, so both come from the same clock as the producer's append times.
 */
final class AppendTimeRecorder implements AutoCloseable {

    /** What a record says: its txnId and labels to count (e.g. the decision's action and rule hits). */
    record Seen(String txnId, List<String> labels) {
    }

    /** When a txnId's record was appended, when the consumer received it (ms), and its labels. */
    record Times(long appendMs, long receivedMs, List<String> labels) {
    }

    private final String topic;
    private final String txnPrefix;
    private final Function<byte[], Seen> decoder;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Times> times = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong notAppendTime = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * Assigns every partition of {@code topic} and fixes the start position before returning, so
     * nothing written afterwards can be missed.
     *
     * @param fromEnd   start at the end (skip what earlier runs wrote) rather than the beginning
     * @param txnPrefix only records whose txnId starts with this are kept
     */
    AppendTimeRecorder(final String bootstrapServers, final String topic, final boolean fromEnd,
            final String txnPrefix, final Function<byte[], Seen> decoder) {
        this.topic = topic;
        this.txnPrefix = txnPrefix;
        this.decoder = decoder;
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Kafka Streams purges repartition topics as it commits; should we ever fall behind the purge,
        // continue from the new start (the lost records then show up as "missing").
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hop-latency-recorder-" + topic);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " has no partitions (does it exist?)");
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position); // resolve the lazy seek now, not at the first poll
        this.thread = new Thread(this::poll, "hop-latency-recorder-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running.get()) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                final long receivedMs = System.currentTimeMillis();
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    take(record, receivedMs);
                }
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final Throwable t) {
            failure = t;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void take(final ConsumerRecord<byte[], byte[]> record, final long receivedMs) {
        final Seen seen;
        try {
            seen = decoder.apply(record.value());
        } catch (final RuntimeException e) {
            undecodable.incrementAndGet();
            return;
        }
        if (seen == null || !seen.txnId().startsWith(txnPrefix)) {
            return;
        }
        if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            notAppendTime.incrementAndGet();
        }
        if (times.putIfAbsent(seen.txnId(), new Times(record.timestamp(), receivedMs, seen.labels())) != null) {
            duplicates.incrementAndGet();
        }
    }

    String topic() {
        return topic;
    }

    Times get(final String txnId) {
        return times.get(txnId);
    }

    boolean has(final String txnId) {
        return times.containsKey(txnId);
    }

    /** How many records have been seen so far. */
    int size() {
        return times.size();
    }

    /** How many of {@code txnIds} have been seen so far. */
    long countOf(final Collection<String> txnIds) {
        return txnIds.stream().filter(times::containsKey).count();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Records whose timestamp was not log-append time: the measurement is invalid if this is not 0. */
    long notAppendTime() {
        return notAppendTime.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    /** How often each label occurs among the records of {@code txnIds}. */
    Map<String, Long> labels(final Collection<String> txnIds) {
        final Map<String, Long> counts = new TreeMap<>();
        for (final String txnId : txnIds) {
            final Times seen = times.get(txnId);
            if (seen != null) {
                seen.labels().forEach(label -> counts.merge(label, 1L, Long::sum));
            }
        }
        return counts;
    }

    /** Fails if the polling thread died. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("consumer of " + topic + " failed", failure);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
