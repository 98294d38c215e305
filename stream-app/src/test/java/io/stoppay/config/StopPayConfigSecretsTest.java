package io.stoppay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets in the configuration are used, never shown: not in the start-up log, not in errors. */
class StopPayConfigSecretsTest {

    private static final String SASL_PASSWORD = "kafka-pa55word";

    @Test
    void shouldHideKafkaCredentialsWhenDescribed() {
        // Given a SASL login with a password and a TLS key password
        final Properties file = new Properties();
        file.setProperty("kafka.bootstrap.servers", "broker-1:9093");
        file.setProperty("kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"stoppay\" password=\"" + SASL_PASSWORD + "\";");
        file.setProperty("kafka.ssl.key.password", SASL_PASSWORD);
        final StopPayConfig config = StopPayConfig.load(file, Map.of());

        // When
        final String described = config.describe();

        // Then the values are usable but never printed; harmless settings are
        assertThat(config.kafka()).containsEntry("ssl.key.password", SASL_PASSWORD);
        assertThat(described).doesNotContain(SASL_PASSWORD)
                .contains("kafka.sasl.jaas.config=[hidden]",
                        "kafka.ssl.key.password=[hidden]", "kafka.bootstrap.servers=broker-1:9093",
                        "stoppay.http.port=8080");
    }

    @Test
    void shouldHideTheHttpsKeyStorePasswordWhenDescribed() {
        final StopPayConfig config = StopPayConfig.of(Map.of(StopPayConfig.HTTP_TLS_KEYSTORE, "/etc/stoppay/https.p12",
                StopPayConfig.HTTP_TLS_KEYSTORE_PASSWORD, SASL_PASSWORD));

        assertThat(config.keystorePassword()).hasValueSatisfying(password ->
                assertThat(new String(password)).isEqualTo(SASL_PASSWORD));
        assertThat(config.describe()).doesNotContain(SASL_PASSWORD)
                .contains("stoppay.http.tls.keystore.password=[hidden]", "stoppay.http.tls.keystore=/etc/stoppay/https.p12");
    }

    @ParameterizedTest
    @CsvSource({"kafka.security.protocol, not an allowed value; allowed: (case insensitive) [",
            "kafka.linger.ms, not a valid long", "kafka.producer.compression.type, not an allowed value",
            "kafka.main.consumer.max.poll.records, not a valid int", "kafka.topology.optimization, not an allowed value"})
    void shouldRefuseABadKafkaValueNamingTheKeyWithoutQuotingTheValue(final String key, final String wrong) {
        // Given a password pasted into the wrong key: Kafka's own error would quote it
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.of(Map.of(key, SASL_PASSWORD)));

        assertThat(error.getMessage()).startsWith(key + ": " + wrong).doesNotContain(SASL_PASSWORD)
                .doesNotContain("\n");
    }

    @Test
    void shouldAcceptKafkaValuesKafkaAccepts() {
        final StopPayConfig config = StopPayConfig.of(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.linger.ms", "5", "kafka.producer.compression.type", "lz4", "kafka.ssl.keystore.password", SASL_PASSWORD,
                "kafka.some.plugin.setting", "anything"));

        assertThat(config.kafka()).containsEntry("linger.ms", "5").containsEntry("producer.compression.type", "lz4");
    }

    @Test
    void shouldRefuseALeftoverAdminTokenSayingWhatReplacedItWithoutQuotingIt() {
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.of(Map.of("stoppay.admin.token", "s3cret-admin-token-0123456789")));

        assertThat(error.getMessage()).isEqualTo("stoppay.admin.token: replaced by a principal with the ADMIN role "
                + "in stoppay.access.file (README, Access); remove it");
    }

    @Test
    void shouldRefuseALeftoverAdminTokenFromTheEnvironmentToo() {
        final ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> StopPayConfig.load(new Properties(), Map.of("STOPPAY_ADMIN_TOKEN", "s3cret-admin-token-0123456789")));

        assertThat(error.getMessage()).startsWith("stoppay.admin.token: replaced by a principal with the ADMIN role")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldRejectWriteBuffersAsLargeAsTheBlockCache() {
        final ConfigException error = catchThrowableOfType(ConfigException.class, () -> StopPayConfig.of(Map.of(
                StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, "67108864",
                StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, "67108864")));

        assertThat(error.getMessage()).isEqualTo(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES + " must be below "
                + StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES + ": the write buffers are charged to the block cache");
    }
}
