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
}
