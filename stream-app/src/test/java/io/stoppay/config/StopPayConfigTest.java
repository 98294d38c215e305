package io.stoppay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Defaults, then the properties file, then STOPPAY_* environment variables: the last one wins. */
class StopPayConfigTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @Test
    void shouldDefaultToExactlyOnceV2() {
        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), NO_ENVIRONMENT);

        // Then
        assertThat(config.string(StopPayConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldDefaultToRestrictingSubjectsWithinTwoHops() {
        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), NO_ENVIRONMENT);

        // Then
        assertThat(config.intValue(StopPayConfig.MAX_HOPS)).isEqualTo(2);
    }

    @Test
    void shouldDefaultToTheVersionedTopicNames() {
        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), NO_ENVIRONMENT);

        // Then
        assertThat(config.string(StopPayConfig.TOPIC_PAYMENTS)).isEqualTo("payments.transactions.v1");
        assertThat(config.string(StopPayConfig.TOPIC_LISTS)).isEqualTo("risk.lists.v1");
        assertThat(config.string(StopPayConfig.TOPIC_LINKAGES)).isEqualTo("risk.linkages.v1");
        assertThat(config.string(StopPayConfig.TOPIC_DECISIONS)).isEqualTo("risk.decisions.v1");
        assertThat(config.string(StopPayConfig.TOPIC_DEAD_LETTERS)).isEqualTo("payments.transactions.dlq.v1");
    }

    @Test
    void shouldDefaultToTheShanghaiBusinessDayAndLimitsInYuan() {
        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), NO_ENVIRONMENT);

        // Then
        assertThat(config.applicationId()).isEqualTo("stoppay");
        assertThat(config.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.limitCurrency()).isEqualTo(Currency.getInstance("CNY"));
    }

    @Test
    void shouldLetTheFileOverrideADefault() {
        // Given
        final Properties file = properties(StopPayConfig.MAX_HOPS, "1");

        // When
        final StopPayConfig config = StopPayConfig.load(file, NO_ENVIRONMENT);

        // Then
        assertThat(config.intValue(StopPayConfig.MAX_HOPS)).isEqualTo(1);
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFile() {
        // Given
        final Properties file = properties(StopPayConfig.MAX_HOPS, "1");
        final Map<String, String> environment = Map.of("STOPPAY_RESTRICTION_MAX_HOPS", "3");

        // When
        final StopPayConfig config = StopPayConfig.load(file, environment);

        // Then
        assertThat(config.intValue(StopPayConfig.MAX_HOPS)).isEqualTo(3);
    }

    @Test
    void shouldTrimWhitespaceAroundFileKeysAndValues() {
        // Given
        final Properties file = properties(" " + StopPayConfig.MAX_HOPS + " ", " 3 ");

        // When
        final StopPayConfig config = StopPayConfig.load(file, NO_ENVIRONMENT);

        // Then
        assertThat(config.intValue(StopPayConfig.MAX_HOPS)).isEqualTo(3);
    }

    @Test
    void shouldPassKafkaSettingsFromTheFileWithoutTheirPrefix() {
        // Given
        final Properties file = properties("kafka.bootstrap.servers", "broker-1:9092");

        // When
        final StopPayConfig config = StopPayConfig.load(file, NO_ENVIRONMENT);

        // Then
        assertThat(config.kafka()).containsExactly(Map.entry("bootstrap.servers", "broker-1:9092"));
    }

    @Test
    void shouldPassAKafkaSettingFromTheEnvironmentWithoutItsPrefix() {
        // Given
        final Map<String, String> environment = Map.of("STOPPAY_KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092");

        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), environment);

        // Then
        assertThat(config.kafka()).containsExactly(Map.entry("bootstrap.servers", "broker-1:9092"));
    }

    @Test
    void shouldLetAKafkaSettingFromTheEnvironmentOverrideTheFile() {
        // Given
        final Properties file = properties("kafka.bootstrap.servers", "from-file:9092");
        final Map<String, String> environment = Map.of("STOPPAY_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092");

        // When
        final StopPayConfig config = StopPayConfig.load(file, environment);

        // Then
        assertThat(config.kafka()).containsEntry("bootstrap.servers", "from-env:9092");
    }

    @Test
    void shouldIgnoreEnvironmentVariablesThatAreNotOurs() {
        // Given
        final Map<String, String> environment = Map.of(
                "PATH", "/usr/local/bin:/usr/bin",
                "KAFKA_HEAP_OPTS", "-Xmx1G",
                "HOME", "/home/stoppay");

        // When
        final StopPayConfig config = StopPayConfig.load(new Properties(), environment);

        // Then
        assertThat(config.kafka()).isEmpty();
        assertThat(config.intValue(StopPayConfig.MAX_HOPS)).isEqualTo(2);
    }

    private static Properties properties(final String key, final String value) {
        final Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
