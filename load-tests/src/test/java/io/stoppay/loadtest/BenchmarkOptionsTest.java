package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
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
        assertThat(refusal("--accounts", "2000", "--duration", "30s", "--hub-links", links, "--hub-after", after))
                .startsWith(message + System.lineSeparator());
    }

    @ParameterizedTest(name = "--backfill-days {0}")
    @CsvSource({"-1", "91"})
    void shouldRefuseABackfillBeyondTheNewPayeeLookBack(final String days) {
        assertThat(refusal("--backfill-days", days)).startsWith("--backfill-days " + days
                + " must be within 0..90 (StopPay's new-payee look-back)" + System.lineSeparator());
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
            "--app-heap, zz, '--app-heap zz is not a JVM heap size of at least 64m, such as 1g or 512m'",
            // Found by the attack of 2026-12-02: each of these started brokers, or ran and reported wrongly.
            "--app-heap, 1k, '--app-heap 1k is not a JVM heap size of at least 64m, such as 1g or 512m'",
            "--guarantees, 'exactly_once_v2,exactly_once_v2', '--guarantees exactly_once_v2,exactly_once_v2 names a guarantee twice'",
            "--stoppay, stoppay.processing.guarantee=at_least_once, '--stoppay stoppay.processing.guarantee is set by the benchmark: use --guarantees'",
            "--stoppay, stoppay.commit.interval.ms=1000, '--stoppay stoppay.commit.interval.ms is set by the benchmark: use --commit-interval-ms'"})
    void shouldRefuseAnOptionThatCannotMakeARunNamingIt(final String option, final String value, final String message) {
        assertThat(refusal(option, value)).isEqualTo(message + System.lineSeparator());
    }

    /** Settings StopPay itself would refuse at start, after the broker and the baselines had run. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--stoppay, kafka.acks=1, 'StopPay would refuse its settings (--stoppay, --commit-interval-ms): kafka.acks: set by StopPay'",
            "--commit-interval-ms, 70000, 'StopPay would refuse its settings (--stoppay, --commit-interval-ms): Invalid value 70000'",
            "--mix, bogus=0.5, '--mix bogus=0.5: '"})
    void shouldRefuseWhatStopPayOrTheGeneratorWouldRefuseBeforeAnythingStarts(final String option, final String value,
                                                                              final String start) {
        assertThat(refusal(option, value)).startsWith(start);
    }

    /** What the benchmark printed when it refused {@code args}: exit code 2, and nothing written. */
    private String refusal(final String... args) {
        final StringWriter err = new StringWriter();
        final CommandLine benchmark = Benchmark.commandLine().setErr(new PrintWriter(err));
        final String[] withOut = Arrays.copyOf(args, args.length + 2);
        withOut[args.length] = "--out";
        withOut[args.length + 1] = out.toString();

        assertThat(benchmark.execute(withOut)).isEqualTo(2);
        assertThat(out).isEmptyDirectory();
        assertThat(err.toString().lines()).as("one line: %s", err).hasSize(1);
        return err.toString();
    }
}
