package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stoppay backfill} with arguments it cannot use: one line on stderr naming the problem and
 * exit code 2, before any cluster is contacted (none is configured here).
 */
class BackfillCommandTest {

    @TempDir
    private Path dir;

    @Test
    void shouldDescribeItsFlagsAndExitCodesInItsHelp() {
        // When
        final CliRun run = CliRun.of("backfill", "--help");

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--from").contains("--since").contains("--config").contains("topic:NAME")
                .contains("3 some records rejected");
        assertThat(CliRun.of("--help").out()).contains("backfill");
    }

    @Test
    void shouldNameAMissingFileAndHintAtTopics() {
        // Given
        final Path missing = dir.resolve("history.jsonl");

        // When
        final CliRun run = CliRun.of("backfill", "--from", missing.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: --from cannot read " + missing
                + ": no such file (for a topic, write topic:NAME)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRefuseADirectory() {
        // When
        final CliRun run = CliRun.of("backfill", "--from", dir.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: --from cannot read ")
                .contains("it is a directory");
    }

    @Test
    void shouldRequireFrom() {
        // When
        final CliRun run = CliRun.of("backfill", "--since", "30d");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ").contains("--from");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ninety days", "0d", "-5d", "90"})
    void shouldRejectASinceThatIsNotAPositiveDuration(final String since) throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("history.jsonl"), "", StandardCharsets.UTF_8);

        // When
        final CliRun run = CliRun.of("backfill", "--from", file.toString(), "--since", since);

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ").contains("--since")
                .contains(since);
    }

    /** Told before the cluster is asked anything: the configured one is never reached. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--since|P999999999999D|stoppay: --since 999999999999 days reaches before any payment; give e.g. 90d, 180d or 3650d",
            "--rate|-1|stoppay: --rate -1 must be 0 (as fast as possible) or more"})
    void shouldRefuseAnImpossibleSinceOrRateBeforeAskingTheCluster(final String flag, final String value,
                                                                   final String message) throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("history.jsonl"), "", StandardCharsets.UTF_8);
        final Path config = Files.writeString(dir.resolve("stoppay.properties"),
                "kafka.bootstrap.servers=localhost:1\n", StandardCharsets.UTF_8);

        // When
        final CliRun run = CliRun.of("backfill", "--from", file.toString(), flag, value, "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(message);
    }

    @Test
    void shouldAskForAClusterOnceTheFileIsThere() throws IOException {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would change what the CLI reads");
        // Given
        final Path file = Files.writeString(dir.resolve("history.jsonl"), "", StandardCharsets.UTF_8);

        // When
        final CliRun run = CliRun.of("backfill", "--from", file.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: no Kafka cluster configured");
    }

    @Test
    void shouldRefuseAnEmptyTopicName() throws IOException {
        // Given: a cluster configured, never reached
        final Path config = Files.writeString(dir.resolve("stoppay.properties"),
                "kafka.bootstrap.servers=localhost:1\n", StandardCharsets.UTF_8);
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would change what the CLI reads");

        // When
        final CliRun run = CliRun.of("backfill", "--from", "topic:", "--config", config.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: --from topic: names no topic (write topic:NAME)");
    }
}
