package io.stoppay.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.config.StopPayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
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

    /** The restore consumer's session is not the main consumer's: failover stays within its budget. */
    @Test
    void shouldStillShortenTheMainConsumersSessionWhenOnlyTheRestoreConsumersIsGiven() {
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(StopPayConfig.KAFKA_PREFIX
                + StreamsConfig.restoreConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "30000")));

        assertThat(new StreamsConfig(withBootstrap(props)).getMainConsumerConfigs("g", "c", 0))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
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

    /**
     * Whatever StopPay puts into a client's settings, an operator who sets the same Kafka setting
     * under {@code kafka.} (as StopPay names it, or without the client prefix Kafka also reads) is
     * either refused at start-up or gets what they asked for, in the client that reads it: never
     * overridden without a word. A key added to {@link StreamsSettings} and forgotten in the
     * configuration's list of its own keys fails here.
     */
    @Test
    void shouldRefuseOrKeepEveryKafkaSettingStopPayAlsoSetsNeverOverrideItSilently() {
        final Properties ours = StreamsSettings.from(StopPayConfig.of(Map.of()));
        final List<String> refused = new ArrayList<>();
        final List<String> kept = new ArrayList<>();
        for (final Object key : ours.keySet()) {
            final String name = (String) key;
            if (name.startsWith("stoppay.")) {
                continue; // read by BoundedRocksDbMemory, not a Kafka setting
            }
            final String given = otherThan(ours.get(name));
            for (final String written : writtenForms(name)) {
                final StopPayConfig config;
                try {
                    config = StopPayConfig.of(Map.of(StopPayConfig.KAFKA_PREFIX + written, given));
                } catch (final ConfigException e) {
                    assertThat(e).as(written).hasMessageContaining("set by StopPay");
                    refused.add(written);
                    continue;
                }
                assertThat(String.valueOf(effective(StreamsSettings.from(config), name)))
                        .as("kafka.%s=%s is overridden", written, given).isEqualTo(given);
                kept.add(written);
            }
        }
        assertThat(refused).contains(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, ProducerConfig.ACKS_CONFIG);
        assertThat(kept).contains(TRANSACTION_TIMEOUT, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    /** {@code name} as an operator may write it: as is, and for a client's setting also without its prefix. */
    private static List<String> writtenForms(final String name) {
        final String mainConsumer = StreamsConfig.mainConsumerPrefix("");
        final String producer = StreamsConfig.producerPrefix("");
        if (name.startsWith(mainConsumer)) {
            final String bare = name.substring(mainConsumer.length());
            return List.of(name, StreamsConfig.consumerPrefix(bare), bare);
        }
        if (name.startsWith(producer)) {
            return List.of(name, name.substring(producer.length()));
        }
        return List.of(name);
    }

    /** The value Kafka's client uses for {@code name}, a prefixed name read by the client it names. */
    private static Object effective(final Properties props, final String name) {
        final StreamsConfig streams = new StreamsConfig(withBootstrap(props));
        final String mainConsumer = StreamsConfig.mainConsumerPrefix("");
        final String producer = StreamsConfig.producerPrefix("");
        if (name.startsWith(mainConsumer)) {
            return streams.getMainConsumerConfigs("g", "c", 0).get(name.substring(mainConsumer.length()));
        }
        if (name.startsWith(producer)) {
            return streams.getProducerConfigs("c").get(name.substring(producer.length()));
        }
        return props.get(name);
    }

    /** A valid value of {@code ours}'s type that is not {@code ours}. */
    private static String otherThan(final Object ours) {
        if (ours instanceof Number number) {
            return Long.toString(number.longValue() + 1);
        }
        if (ours instanceof Boolean flag) {
            return Boolean.toString(!flag);
        }
        return ours + "-given";
    }

    private static Properties withBootstrap(final Properties props) {
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }
}
