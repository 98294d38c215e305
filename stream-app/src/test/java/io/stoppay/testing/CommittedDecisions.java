package io.stoppay.testing;

import static org.awaitility.Awaitility.await;

import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        final Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "decision-reader-" + txnId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final List<RiskDecision> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final RiskDecision decision = AvroSerde.of(RiskDecision.class).decode(record.value());
                    if (decision.getTxnId().equals(txnId)) {
                        found.add(decision);
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
