package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code stoppay lists} with a request it cannot carry out: one line on stderr naming the problem
 * and exit code 2, before any cluster is contacted (none is configured here).
 */
class ListsCommandTest {

    private static final String[] ADD = {"lists", "add", "--type", "ACCOUNT", "--id", "6222000000000000001",
            "--list-type", "FRAUD_ACCOUNT", "--risk-level", "3", "--source", "PSB"};

    @TempDir
    private Path dir;

    @Test
    void shouldNameTheThreeSubcommandsInItsHelp() {
        // When
        final CliRun run = CliRun.of("lists", "--help");

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("add").contains("release").contains("load");
    }

    @Test
    void shouldRejectAnAddWithoutOperator() {
        // When
        final CliRun run = CliRun.of(ADD);

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ").contains("--operator");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldRejectABlankOperatorNamingTheField() {
        // When
        final CliRun run = CliRun.of(with(ADD, "--operator", " "));

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: operator: required");
    }

    @Test
    void shouldRejectARiskLevelOutOfRangeBeforeLookingForACluster() {
        // When
        final CliRun run = CliRun.of("lists", "add", "--type", "ACCOUNT", "--id", "6222000000000000001",
                "--list-type", "FRAUD_ACCOUNT", "--risk-level", "7", "--source", "PSB", "--operator", "op-zhang");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: riskLevel: must be 1..3, was 7");
    }

    @Test
    void shouldRejectAnUnknownSubjectTypeListingTheAllowedOnes() {
        // When
        final CliRun run = CliRun.of("lists", "release", "--type", "ACCT", "--id", "6222000000000000001",
                "--reason", "appeal upheld", "--operator", "op-li");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("--type").contains("ACCT").contains("ACCOUNT");
    }

    @Test
    void shouldRejectAnExpiryThatIsNotAnInstant() {
        // When
        final CliRun run = CliRun.of(with(ADD, "--operator", "op-zhang", "--expires-at", "2026-12-31"));

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("--expires-at").contains("2026-12-31T00:00:00Z");
    }

    @Test
    void shouldRejectAReleaseWithoutReason() {
        // When
        final CliRun run = CliRun.of("lists", "release", "--type", "ACCOUNT", "--id", "6222000000000000001",
                "--operator", "op-li");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ").contains("--reason");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"neither", "both"})
    void shouldRejectAReleaseThatDoesNotNameExactlyOneOfASourceAndTheV1Key(final String named) {
        // When
        final List<String> args = new ArrayList<>(List.of("lists", "release", "--type", "ACCOUNT", "--id",
                "6222000000000000001", "--reason", "appeal upheld", "--operator", "op-li"));
        if (named.equals("both")) {
            args.addAll(List.of("--source", "bank-internal", "--v1-key"));
        }
        final CliRun run = CliRun.of(args.toArray(String[]::new));

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ")
                .contains("--source").contains("--v1-key");
    }

    @ParameterizedTest(name = "blank {0}")
    @CsvSource({"source, ' ', appeal upheld", "reason, bank-internal, ''"})
    void shouldRejectABlankSourceOrReasonNamingTheField(final String field, final String source, final String reason) {
        // When
        final CliRun run = CliRun.of("lists", "release", "--type", "ACCOUNT", "--id", "6222000000000000001",
                "--source", source, "--reason", reason, "--operator", "op-li");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: " + field + ": required");
    }

    @Test
    void shouldRejectAListFileThatCannotBeRead() {
        // Given
        final Path missing = dir.resolve("missing.csv");

        // When
        final CliRun run = CliRun.of("lists", "load", "--file", missing.toString(), "--operator", "op-wang");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stoppay: file: cannot read " + missing + ": no such file");
    }

    @Test
    void shouldRejectAListFileWithABadRowNamingTheLine() throws IOException {
        // Given
        final Path file = Files.writeString(dir.resolve("lists.csv"),
                "subjectType,subjectId,listType,riskLevel,source\nACCOUNT,6222000000000000001,FRAUD_ACCOUNT,3,PSB\n"
                        + "PHONE,13900000001,MULE,2,PSB\n", StandardCharsets.UTF_8);

        // When
        final CliRun run = CliRun.of("lists", "load", "--file", file.toString(), "--operator", "op-wang");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: line 3: listType: unknown value 'MULE'; allowed: FRAUD_ACCOUNT");
    }

    @Test
    void shouldRefuseAValidChangeWhenNoClusterIsConfigured() {
        // Given
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would configure a cluster");

        // When
        final CliRun run = CliRun.of(with(ADD, "--operator", "op-zhang"));

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ").contains("bootstrap.servers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "a source StopPay would refuse as too long; 3000; stoppay: entry: the record key has ",
            "a source with a line break; 0; stoppay: source: must not contain control, line-separator or direction-changing characters"})
    void shouldRejectAnEntryThatStopPayWouldDeadLetter(final String problem, final int sourceLength,
                                                      final String expected) {
        // When
        final String source = sourceLength > 0 ? "s".repeat(sourceLength) : "bank\nforged";
        final CliRun run = CliRun.of("lists", "add", "--type", "DEVICE", "--id", "6222000000000000001", "--list-type", "MULE_SUSPECT",
                "--risk-level", "2", "--source", source, "--operator", "op-zhang");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith(expected);
    }

    private static String[] with(final String[] args, final String... more) {
        final String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
