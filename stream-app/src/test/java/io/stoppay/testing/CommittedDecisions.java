package io.stoppay.testing;

import static org.awaitility.Awaitility.await;

import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import stoppay.v1.RiskDecision;

/** Reads decisions as a bank's risk system does: {@code read_committed}, from the beginning. */
public final class CommittedDecisions {

    private CommittedDecisions() {
    }

    /** The first committed decision on {@code topic} for {@code txnId}; fails after 60 s without one. */
    public static RiskDecision awaitDecision(final Map<String, Object> client, final String topic, final String txnId) {
        return awaitDecisions(client, topic, Set.of(txnId), "decision-reader-" + txnId).stream()
                .filter(decision -> decision.getTxnId().equals(txnId)).findFirst().orElseThrow();
    }

    /**
     * Every committed decision on {@code topic}, from the beginning, read until each of {@code txnIds}
     * has one; fails after 60 s without.
     */
    public static List<RiskDecision> awaitDecisions(final Map<String, Object> client, final String topic,
                                                    final Set<String> txnIds) {
        return awaitDecisions(client, topic, txnIds, "decision-reader-" + UUID.randomUUID());
    }

    private static List<RiskDecision> awaitDecisions(final Map<String, Object> client, final String topic,
                                                     final Set<String> txnIds, final String groupId) {
        final Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final List<RiskDecision> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    found.add(AvroSerde.of(RiskDecision.class).decode(record.value()));
                }
                return found.stream().map(RiskDecision::getTxnId).collect(Collectors.toSet()).containsAll(txnIds);
            });
            return found;
        }
    }
}
