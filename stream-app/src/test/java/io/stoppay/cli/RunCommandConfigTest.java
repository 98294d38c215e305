package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stoppay.testing.TestTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stoppay run} with a configuration it cannot use: one line on stderr naming the problem,
 * exit code 2, and no attempt to reach a cluster. {@code run} also reads {@code System.getenv()},
 * so these tests need an environment without STOPPAY_* variables.
 */
class RunCommandConfigTest {

    private static final String KAFKA_SECRET = "keystore-pa55word";

    @TempDir
    private Path dir;

    @BeforeEach
    void requireNoStopPayEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would change what run reads");
    }

    @Test
    void shouldRejectAConfigFileThatDoesNotExistNamingIt() {
        // When
        final CliRun run = CliRun.of("run", "--config", "/nonexistent/file.properties");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("/nonexistent/file.properties");
    }

    @Test
    void shouldRejectAnOutOfRangeValueInTheConfigFileNamingTheKey() throws IOException {
        // Given
        final Path config = configFile("kafka.bootstrap.servers=localhost:1\nstoppay.restriction.max.hops=99\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("stoppay.restriction.max.hops");
    }

    @Test
    void shouldRejectAnUnknownKeyInTheConfigFileNamingIt() throws IOException {
        // Given
        final Path config = configFile("kafka.bootstrap.servers=localhost:1\nstoppay.restriction.maxhops=1\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("stoppay.restriction.maxhops");
    }

    @Test
    void shouldRefuseAnInvalidAccessFileNamingItsEntryBeforeAskingTheCluster() throws IOException {
        // Given: an officer without a region, and a cluster that does not exist
        final Path access = dir.resolve("access.yaml");
        Files.writeString(access, "principals:\n  - name: officer-1\n    token-sha256: " + "ab".repeat(32)
                + "\n    roles: [OFFICER]\n");
        final Path config = configFile("kafka.bootstrap.servers=localhost:1\nstoppay.http.port=0\n"
                + "stoppay.access.file=" + access + "\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().isEqualTo("stoppay: access file " + access
                + ": principals[0] (officer-1).regions: an OFFICER needs at least one region");
    }

    @Test
    void shouldRefuseToServePlainHttpUnlessAllowedBeforeAskingTheCluster() throws IOException {
        // Given no HTTPS key, no plaintext flag, and a cluster that does not exist
        final Path config = configFile("kafka.bootstrap.servers=localhost:1\nstoppay.http.port=0\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: stoppay.http.plaintext.allowed: no HTTPS key is configured")
                .contains("stoppay.http.tls.certificate", "stoppay.http.plaintext.allowed=true");
    }

    @Test
    void shouldRefuseAWrongKeyStorePasswordNamingTheKeyAndNotTheValue() throws IOException {
        // Given
        final TestTls tls = TestTls.create(dir.resolve("tls"));
        final Path config = configFile("kafka.bootstrap.servers=localhost:1\nstoppay.http.port=0\n"
                + "stoppay.http.tls.keystore=" + tls.keystore() + "\nstoppay.http.tls.keystore.password=wrong-pa55word\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .isEqualTo("stoppay: stoppay.http.tls.keystore.password: does not open " + tls.keystore());
        assertThat(run.out() + run.err()).doesNotContain("wrong-pa55word");
    }

    @Test
    void shouldRefuseAMissingKafkaKeyStoreInOneLineNamingTheKeyBeforeAskingTheCluster() throws IOException {
        // Given a keystore path with a typo, and a cluster that does not exist
        final String config = "kafka.bootstrap.servers=localhost:1\nkafka.security.protocol=SSL\n"
                + "kafka.ssl.keystore.location=" + dir.resolve("kafka-keystor.p12") + "\n"
                + "kafka.ssl.keystore.password=" + KAFKA_SECRET + "\nstoppay.http.port=0\n";

        assertThat(refusalOfKafkaSettings(config))
                .isEqualTo("stoppay: kafka.ssl.keystore.location: no readable file at the path it names");
    }

    @Test
    void shouldRefuseABadKafkaValueInOneLineWithoutQuotingIt() throws IOException {
        // Given a password pasted into the line above its own
        final String config = "kafka.bootstrap.servers=localhost:1\nkafka.security.protocol=" + KAFKA_SECRET + "\n";

        assertThat(refusalOfKafkaSettings(config)).startsWith("stoppay: kafka.security.protocol: not an allowed value");
    }

    /** Attack on issue 18: a JAAS line without its closing ';' gave "KafkaException: Failed to create new KafkaAdminClient", exit 1. */
    @Test
    void shouldRefuseKafkaSettingsAClientCannotBeBuiltWithInOneLine() throws IOException {
        final String config = "kafka.bootstrap.servers=localhost:1\nkafka.security.protocol=SASL_PLAINTEXT\n"
                + "kafka.sasl.mechanism=PLAIN\nkafka.sasl.jaas.config=org.apache.kafka.common.security.plain."
                + "PlainLoginModule required username=\"u\" password=\"" + KAFKA_SECRET + "\"\n"
                + "stoppay.http.port=0\nstoppay.http.plaintext.allowed=true\n";

        assertThat(refusalOfKafkaSettings(config)).startsWith("stoppay: " + StopPayCli.KAFKA_SETTINGS_REFUSED + " (");
    }

    /** What {@code run} says of {@code config}: one line, exit code 2, and never {@link #KAFKA_SECRET}. */
    private String refusalOfKafkaSettings(final String config) throws IOException {
        final CliRun run = CliRun.of("run", "--config", configFile(config).toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out() + run.err()).doesNotContain(KAFKA_SECRET);
        assertThat(run.errLines()).hasSize(1);
        return run.errLines().get(0);
    }

    @Test
    void shouldRefuseToRunWithoutBootstrapServers() throws IOException {
        // Given
        final Path config = configFile("stoppay.restriction.max.hops=1\n");

        // When
        final CliRun run = CliRun.of("run", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("bootstrap.servers");
    }

    @Test
    void shouldRefuseToRunWithoutAnyConfigurationAtAll() {
        // When
        final CliRun run = CliRun.of("run");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("bootstrap.servers");
    }

    private Path configFile(final String content) throws IOException {
        return Files.writeString(dir.resolve("stoppay.properties"), content, StandardCharsets.UTF_8);
    }
}
