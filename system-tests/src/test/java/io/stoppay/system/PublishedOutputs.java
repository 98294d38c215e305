package io.stoppay.system;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import stoppay.v1.DeadLetter;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentAlert;

/**
 * What StopPay published, as a bank or a police centre would see it: a {@code read_committed}
 * consumer reads the decisions, stop-payment alerts, police warnings and dead letters from the
 * beginning. Everything is kept as a list, so a duplicate shows up as two entries.
 */
final class PublishedOutputs implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final Map<String, List<RiskDecision>> decisions = new HashMap<>();
    private final Map<String, List<StopPaymentAlert>> alerts = new HashMap<>();
    private final List<PoliceWarning> warnings = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<byte[]> warningBytes = new ArrayList<>();
    private final Map<String, Long> decidedAt = new HashMap<>();

    PublishedOutputs(final String bootstrapServers, final Topics topics) {
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : List.of(topics.decisions().name(), topics.stopPayments().name(),
                topics.policeWarnings().name(), topics.deadLetters().name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads on until {@code done} holds, or fails after {@code timeout} saying what it last saw. */
    PublishedOutputs readUntil(final Predicate<PublishedOutputs> done, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("outputs incomplete after " + timeout + ": " + decisions.size()
                        + " payments decided, " + deadLetters.size() + " dead letters");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::take);
        }
        return this;
    }

    /** Reads whatever is committed now, for checks after the outputs are complete. */
    PublishedOutputs readToEnd() {
        final Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("outputs not read to their end within 30 s: " + end);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(this::take);
        }
        return this;
    }

    private void take(final ConsumerRecord<byte[], byte[]> record) {
        final String topic = record.topic();
        if (topic.equals(topics.decisions().name())) {
            final RiskDecision decision = AvroSerde.of(RiskDecision.class).decode(record.value());
            decisions.computeIfAbsent(decision.getTxnId(), t -> new ArrayList<>()).add(decision);
            decidedAt.putIfAbsent(decision.getTxnId(), record.timestamp());
        } else if (topic.equals(topics.stopPayments().name())) {
            final StopPaymentAlert alert = AvroSerde.of(StopPaymentAlert.class).decode(record.value());
            alerts.computeIfAbsent(alert.getTxnId(), t -> new ArrayList<>()).add(alert);
        } else if (topic.equals(topics.policeWarnings().name())) {
            warnings.add(AvroSerde.of(PoliceWarning.class).decode(record.value()));
            warningBytes.add(record.value());
        } else {
            deadLetters.add(AvroSerde.of(DeadLetter.class).decode(record.value()));
        }
    }

    Map<String, List<RiskDecision>> decisions() {
        return decisions;
    }

    /** When each payment's first decision was appended (the decisions topic uses LogAppendTime). */
    Map<String, Long> decidedAt() {
        return decidedAt;
    }

    Map<String, List<StopPaymentAlert>> alerts() {
        return alerts;
    }

    List<PoliceWarning> warnings() {
        return warnings;
    }

    /** The police feed as the centres receive it, for the PII scan. */
    String warningText() {
        final StringBuilder text = new StringBuilder();
        warnings.forEach(w -> text.append(w).append('\n'));
        warningBytes.forEach(bytes -> text.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n'));
        return text.toString();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
