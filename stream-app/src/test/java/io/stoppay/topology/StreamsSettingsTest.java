package io.stoppay.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.config.StopPayConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings StopPay derives from its configuration. */
class StreamsSettingsTest {

    private static final String SESSION_TIMEOUT =
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    private static final String TRANSACTION_TIMEOUT =
            StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    @Test
    void shouldGiveTheLongestCommitIntervalATransactionTimeoutKafkaStreamsAccepts() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(
                StopPayConfig.COMMIT_INTERVAL_MS, "60000")));

        assertThat(props.get(TRANSACTION_TIMEOUT)).isEqualTo(120_000);
        // Kafka Streams itself validates the pair when its config is built
        assertThat(new StreamsConfig(withBootstrap(props)).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo(60_000L);
    }

    @Test
    void shouldShortenTheTransactionTimeoutForShortCommitIntervalsSoADeadInstancesTransactionEndsSooner() {
        assertThat(StreamsSettings.from(StopPayConfig.of(Map.of())).get(TRANSACTION_TIMEOUT)).isEqualTo(5_000);
    }

    /** No task of either client waits for partitions with nothing fetched, with watermarks or without (design notes 9 and 12). */
    @Test
    void shouldNeverWaitForPartitionsWithNothingFetched() {
        assertThat(StreamsSettings.from(StopPayConfig.of(Map.of())).get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo(-1L);
        assertThat(StreamsSettings.from(StopPayConfig.of(Map.of(StopPayConfig.ORDERING_ENABLED, "true")))
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
        assertThat(StreamsSettings.forRestrictions(StopPayConfig.of(Map.of()))
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
    }

    @Test
    void shouldLeaveAnExplicitTransactionTimeoutAlone() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + TRANSACTION_TIMEOUT, "300000")));

        assertThat(props.get(TRANSACTION_TIMEOUT)).isEqualTo("300000");
    }

    @Test
    void shouldExpireACrashedInstancesSessionWithinTheFailoverBudget() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of()));

        assertThat(props.get(SESSION_TIMEOUT)).isEqualTo(6_000);
        assertThat(new StreamsConfig(withBootstrap(props)).getMainConsumerConfigs("g", "c", 0))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    }

    @Test
    void shouldRetryAWriteRefusedWhileThePreviousTransactionEndsWithinATenthOfASecond() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of()));

        assertThat(new StreamsConfig(withBootstrap(props)).getProducerConfigs("c"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10L)
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L);
    }

    @Test
    void shouldLeaveAnExplicitProducerBackoffAlone() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "250")));

        assertThat(new StreamsConfig(withBootstrap(props)).getProducerConfigs("c"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "250")
                .doesNotContainEntry(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L);
    }

    @Test
    void shouldLeaveAnExplicitSessionTimeoutAlone() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")));

        assertThat(props).doesNotContainKey(SESSION_TIMEOUT);
        assertThat(props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)).isEqualTo("45000");
    }

    @Test
    void shouldSplitTheWriteBufferBudgetBetweenTheDecisionsAndTheGraph() {
        final StopPayConfig config = StopPayConfig.of(Map.of(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, "67108864"));

        final Object decisions = StreamsSettings.from(config).get(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES);
        final Object graph = StreamsSettings.forRestrictions(config).get(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES);

        assertThat(decisions).isEqualTo(50_331_648L);
        assertThat(graph).isEqualTo(16_777_216L);
        assertThat(StreamsSettings.forRestrictions(config).get(StreamsConfig.APPLICATION_ID_CONFIG))
                .isNotEqualTo(StreamsSettings.from(config).get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    private static Properties withBootstrap(final Properties props) {
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }
}
