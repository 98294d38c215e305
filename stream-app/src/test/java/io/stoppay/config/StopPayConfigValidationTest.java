package io.stoppay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong key or value fails the whole configuration with one line that names the key. */
class StopPayConfigValidationTest {

    @Test
    void shouldRejectAnUnknownKeyFromTheFileNamingIt() {
        // Given
        final Properties file = new Properties();
        file.setProperty("stoppay.restriction.max.hop", "1");

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains("stoppay.restriction.max.hop").doesNotContain("\n");
    }

    @Test
    void shouldRejectAnUnknownKeyFromTheEnvironmentNamingIt() {
        // Given
        final Map<String, String> environment = Map.of("STOPPAY_RULES_ELDERLY_AGES", "70");

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(new Properties(), environment));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains("stoppay.rules.elderly.ages").doesNotContain("\n");
    }

    /** A Kafka Streams setting StopPay sets itself would be overridden without a word: refused, saying what to use. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "kafka.max.task.idle.ms, 0, 'design notes 9, 12'",
        "kafka.commit.interval.ms, 500, use stoppay.commit.interval.ms",
        "kafka.processing.guarantee, at_least_once, use stoppay.processing.guarantee",
        "kafka.application.id, other, use stoppay.application.id",
        "kafka.rocksdb.config.setter, io.stoppay.state.BoundedRocksDbMemory, use stoppay.rocksdb.block.cache.bytes",
        // Whatever the value: the attack's "x" read as a typo in a class name, not as a setting StopPay owns.
        "kafka.processing.exception.handler, x, dead-letter topic",
        "kafka.producer.acks, 1, acks=all",
        "kafka.acks, 1, acks=all",
        "kafka.ensure.explicit.internal.resource.naming, false, names every internal topic",
        "kafka.default.deserialization.exception.handler, x, dead-letter topic",
        // Found by the attack of 2026-12-02: StopPay sets it for the decisions' client only.
        "kafka.application.server, 'x:1', use stoppay.http.advertised.host",
    })
    void shouldRejectAKafkaSettingStopPaySetsItselfNamingWhatToUse(final String key, final String value,
                                                                  final String instead) {
        // Given
        final Properties file = new Properties();
        file.setProperty(key, value);

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).startsWith(key + ": set by StopPay").contains(instead).doesNotContain("\n");
    }

    /** Found by the attack of 2026-12-02: each was accepted, then overridden or refused by Kafka after start. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "kafka.stoppay.rocksdb.block.cache.bytes=1 | kafka.stoppay.rocksdb.block.cache.bytes: not a Kafka setting",
        "stoppay.commit.interval.ms=10000,kafka.producer.transaction.timeout.ms=5000 | kafka.(producer.)transaction.timeout.ms must be at least stoppay.commit.interval.ms (10000)",
        "stoppay.commit.interval.ms=10000,kafka.transaction.timeout.ms=5000 | kafka.(producer.)transaction.timeout.ms must be at least stoppay.commit.interval.ms (10000)",
        "kafka.heartbeat.interval.ms=9000 | kafka.heartbeat.interval.ms must be below the session timeout, 6000 ms unless kafka.session.timeout.ms is given",
        "kafka.main.consumer.heartbeat.interval.ms=6000 | kafka.heartbeat.interval.ms must be below the session timeout",
        "kafka.group.protocol=consumer | kafka.group.protocol: not an allowed value; allowed: (case insensitive) [STREAMS, CLASSIC]",
    })
    void shouldRefuseAKafkaSettingThatWouldBeOverriddenOrFailOnlyOnceTheClientsStart(final String settings,
                                                                                   final String message) {
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file(settings), Map.of()));

        assertThat(error).as(settings).isNotNull();
        assertThat(error.getMessage()).startsWith(message).doesNotContain("\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Kafka Streams' own meaning of the bare key; it sets the consumers' itself.
        "kafka.group.protocol=streams",
        "kafka.heartbeat.interval.ms=9000,kafka.session.timeout.ms=45000",
        "kafka.heartbeat.interval.ms=3000",
        "stoppay.commit.interval.ms=10000,kafka.producer.transaction.timeout.ms=10000",
    })
    void shouldAcceptTheSameSettingsWhereTheyAreConsistent(final String settings) {
        assertThat(StopPayConfig.load(file(settings), Map.of()).kafka()).isNotEmpty();
    }

    /** A configuration file of {@code settings}: {@code key=value} pairs separated by commas. */
    private static Properties file(final String settings) {
        final Properties file = new Properties();
        for (final String setting : settings.split(",")) {
            file.setProperty(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return file;
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "stoppay.restriction.max.hops, abc",
        "stoppay.restriction.max.hops, 9",
        "stoppay.restriction.max.hops, -1",
        "stoppay.rules.zone, Mars/Base",
        "stoppay.rules.limit.currency, XYZ",
        "stoppay.processing.guarantee, exactly_once",
        "stoppay.commit.interval.ms, 0",
        "stoppay.outcome.retention.ms, 60000",
        "stoppay.outcome.overdue.ms, 1000",
    })
    void shouldRejectABadValueWithOneLineNamingTheKey(final String key, final String value) {
        // Given
        final Properties file = new Properties();
        file.setProperty(key, value);

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).as("%s=%s is accepted", key, value).isNotNull();
        assertThat(error.getMessage()).contains(key);
        assertThat(error.getMessage().lines()).hasSize(1);
    }

    @Test
    void shouldRejectABadValueFromTheEnvironmentEvenWhenTheFileIsFine() {
        // Given
        final Properties file = new Properties();
        file.setProperty(StopPayConfig.MAX_HOPS, "1");
        final Map<String, String> environment = Map.of("STOPPAY_RESTRICTION_MAX_HOPS", "9");

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, environment));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(StopPayConfig.MAX_HOPS);
    }

    @Test
    void shouldReportABadValueContainingALineBreakOnOneLine() {
        // Given: "stoppay.rules.zone=Mars\nBase" in a properties file is a value with a line break
        final Properties file = new Properties();
        file.setProperty(StopPayConfig.ZONE, "Mars\nBase");

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(StopPayConfig.ZONE);
        assertThat(error.getMessage().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stoppay.outcome.overdue.ms", "stoppay.outcome.warning.overdue.ms"})
    void shouldRejectAnOutcomeRetentionThatForgetsBeforeAnAlertOrWarningIsOverdue(final String overdue) {
        // Given: a retention of 2 h, one overdue time as long, the other a minute
        final Properties file = new Properties();
        file.setProperty("stoppay.outcome.retention.ms", "7200000");
        file.setProperty("stoppay.outcome.overdue.ms", "60000");
        file.setProperty("stoppay.outcome.warning.overdue.ms", "60000");
        file.setProperty(overdue, "7200000");

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains("stoppay.outcome.retention.ms", overdue).doesNotContain("\n");
    }

    @Test
    void shouldAcceptTheDefaultOutcomeRetentionAndOverdueTimes() {
        final StopPayConfig config = StopPayConfig.load(new Properties(), Map.of());

        assertThat(config.longValue(StopPayConfig.OUTCOME_RETENTION_MS))
                .isGreaterThan(config.longValue(StopPayConfig.OUTCOME_OVERDUE_MS))
                .isGreaterThan(config.longValue(StopPayConfig.OUTCOME_WARNING_OVERDUE_MS));
    }

    @ParameterizedTest(name = "{0} days")
    @CsvSource({"30", "0", "3661"})
    void shouldRejectAStatisticsRetentionThatIsNotAboveTheOutcomeRetentionOrOutOfRange(final String days) {
        // Given: outcomes kept 30 days (the default), statistics for as many days or out of range
        final Properties file = new Properties();
        file.setProperty(StopPayConfig.STATISTICS_RETENTION_DAYS, days);

        // When
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        // Then
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(StopPayConfig.STATISTICS_RETENTION_DAYS).doesNotContain("\n");
    }

    /** Attack on issue 18: the same port for both listeners started, then died binding the second. */
    @Test
    void shouldRejectAMetricsPortThatIsTheApiPort() {
        final Properties file = propertiesOf(StopPayConfig.HTTP_PORT, "18443");
        file.setProperty(StopPayConfig.METRICS_PORT, "18443");

        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo(StopPayConfig.METRICS_PORT + " must differ from "
                + StopPayConfig.HTTP_PORT + ": the metrics listener is a second server of its own");
        file.setProperty(StopPayConfig.METRICS_PORT, "18444");
        assertThat(StopPayConfig.load(file, Map.of()).intValue(StopPayConfig.METRICS_PORT)).isEqualTo(18444);
    }

    @Test
    void shouldRejectAChannelRefreshThatIsNotBelowTheChannelWindow() {
        final Properties file = propertiesOf(StopPayConfig.USAGE_CHANNEL_WINDOW_MS, "3600000");
        file.setProperty(StopPayConfig.USAGE_CHANNEL_REFRESH_MS, "3600000");

        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(file, Map.of()));

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).startsWith(StopPayConfig.USAGE_CHANNEL_REFRESH_MS + " must be below "
                + StopPayConfig.USAGE_CHANNEL_WINDOW_MS).doesNotContain("\n");
    }

    @Test
    void shouldRefreshChannelUsesHourlyOrEvery24thOfAShorterWindowUnlessTold() {
        assertThat(StopPayConfig.load(new Properties(), Map.of()).channelRefresh()).isEqualTo(Duration.ofHours(1));
        final Properties shortWindow = propertiesOf(StopPayConfig.USAGE_CHANNEL_WINDOW_MS, "7200000");
        assertThat(StopPayConfig.load(shortWindow, Map.of()).channelRefresh()).isEqualTo(Duration.ofMinutes(5));
        shortWindow.setProperty(StopPayConfig.USAGE_CHANNEL_REFRESH_MS, "0");
        assertThat(StopPayConfig.load(shortWindow, Map.of()).channelRefresh()).isZero();
    }

    /** The start-up log names the value in force, not the default a derived one replaces. */
    @Test
    void shouldDescribeTheChannelRefreshInForce() {
        final Properties shortWindow = propertiesOf(StopPayConfig.USAGE_CHANNEL_WINDOW_MS, "120000");

        assertThat(StopPayConfig.load(shortWindow, Map.of()).describe())
                .contains(StopPayConfig.USAGE_CHANNEL_REFRESH_MS + "=5000 ")
                .doesNotContain(StopPayConfig.USAGE_CHANNEL_REFRESH_MS + "=3600000");
    }

    @Test
    void shouldKeepStatisticsLongerThanOutcomesByDefault() {
        final StopPayConfig config = StopPayConfig.load(new Properties(), Map.of());

        assertThat(config.intValue(StopPayConfig.STATISTICS_RETENTION_DAYS)).isEqualTo(400);
        assertThat(StopPayConfig.load(propertiesOf(StopPayConfig.STATISTICS_RETENTION_DAYS, "31"), Map.of())
                .intValue(StopPayConfig.STATISTICS_RETENTION_DAYS)).isEqualTo(31);
    }

    private static Properties propertiesOf(final String key, final String value) {
        final Properties file = new Properties();
        file.setProperty(key, value);
        return file;
    }
}
