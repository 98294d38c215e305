package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Options that cannot make a run are refused before a broker starts, in one line that names them. */
class BenchmarkOptionsTest {

    @TempDir
    Path out;

    @ParameterizedTest(name = "--hub-links {0} --hub-after {1}")
    @CsvSource({
            "5000, 10s, '--hub-links 5000 must be within 0..--accounts (2000)'",
            "-5, 10s, '--hub-links -5 must be within 0..--accounts (2000)'",
            "100, 30s, '--hub-after PT30S must be shorter than --duration PT30S'"})
    void shouldRefuseAHubLoadThatCannotBeRun(final String links, final String after, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine benchmark = new CommandLine(new Benchmark()).setErr(new PrintWriter(err));

        final int exitCode = benchmark.execute("--accounts", "2000", "--duration", "30s", "--hub-links", links,
                "--hub-after", after, "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith(message + System.lineSeparator());
        assertThat(out).isEmptyDirectory();
    }

    @ParameterizedTest(name = "--backfill-days {0}")
    @CsvSource({"-1", "91"})
    void shouldRefuseABackfillBeyondTheNewPayeeLookBack(final String days) {
        final StringWriter err = new StringWriter();
        final CommandLine benchmark = new CommandLine(new Benchmark()).setErr(new PrintWriter(err));

        final int exitCode = benchmark.execute("--backfill-days", days, "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("--backfill-days " + days + " must be within 0..90 (StopPay's new-payee "
                + "look-back)" + System.lineSeparator());
        assertThat(out).isEmptyDirectory();
    }

    /** Found by the attack of 2026-12-01: each of these started brokers and an app, or failed inside one. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--rate, -5, '--rate -5 must be 0 (max rate) or more'",
            "--accounts, 0, '--accounts 0 must be within 2000..10000000'",
            "--partitions, 0, '--partitions 0 must be at least 1'",
            "--commit-interval-ms, -1, '--commit-interval-ms -1 must be at least 1'",
            "--duration, 99999999999999999s, '--duration and --warmup must be at most 24h, not PT27777777777777H46M39S'",
            "--guarantees, 'exactly_once_v2,foo', '--guarantees foo is not one of exactly_once_v2, at_least_once'",
            "--app-heap, zz, '--app-heap zz is not a JVM heap size such as 1g or 512m'"})
    void shouldRefuseAnOptionThatCannotMakeARunNamingIt(final String option, final String value, final String message) {
        final StringWriter err = new StringWriter();
        final CommandLine benchmark = new CommandLine(new Benchmark()).setErr(new PrintWriter(err));

        final int exitCode = benchmark.execute(option, value, "--out", out.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith(message + System.lineSeparator());
        assertThat(out).isEmptyDirectory();
    }
}
