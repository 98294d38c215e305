package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.loadtest.generator.DetectionTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's verdicts on the targets of issue 5, from given run results. */
class BenchmarkReportTest {

    private static RunResult run(final String name, final long missing, final long p50, final long p99,
                                 final RunResult.Detection detection) {
        final RunResult.Percentiles latency = new RunResult.Percentiles(1000, p50, p99, p99, p99, p99);
        return new RunResult(name, name, "exactly_once_v2", 100, "fixed-rate", 3000, 1000, 1000 - missing, missing, 0,
                3000, latency, latency, List.of(), 100, 120, 110, 50, Map.of(), detection);
    }

    private static Object met(final Map<String, Map<String, Object>> targets, final String name) {
        assertThat(targets).containsKey(name);
        return targets.get(name).get("met");
    }

    @Test
    void shouldJudgeLatencyAgainstTheBaselineOfTheSameRun() {
        final Map<String, Map<String, Object>> targets = BenchmarkReport.targets(List.of(
                run("pass-through-exactly_once_v2", 0, 50, 100, null),
                run("stoppay-exactly_once_v2", 0, 70, 150, null)));

        assertThat(met(targets, "p99 visible StopPay / pass-through (EOS)")).isEqualTo(true);
        assertThat(targets.get("p99 visible StopPay / pass-through (EOS)").get("value")).isEqualTo(1.5);
        assertThat(met(targets, "p50 visible StopPay - pass-through (EOS), ms")).isEqualTo(true);
    }

    @Test
    void shouldFailEveryLatencyTargetOfARunThatLeftPaymentsUndecided() {
        final Map<String, Map<String, Object>> targets = BenchmarkReport.targets(List.of(
                run("pass-through-exactly_once_v2", 0, 50, 100, null),
                run("stoppay-exactly_once_v2", 1, 10, 20, null)));

        assertThat(met(targets, "every measured payment came out: stoppay-exactly_once_v2")).isEqualTo(false);
        assertThat(met(targets, "p99 visible StopPay / pass-through (EOS)")).isEqualTo(false);
        assertThat(met(targets, "p50 visible StopPay - pass-through (EOS), ms")).isEqualTo(false);
    }

    @Test
    void shouldAskEveryListedPayeeToBeStoppedButNinetyFivePercentOfMules() {
        final RunResult.Detection detection = new RunResult.Detection(Map.of(
                "listed_payee", new DetectionTally.Counts(100, 100, 99, 99),
                "mule_fan_in", new DetectionTally.Counts(100, 100, 96, 96),
                "ordinary", new DetectionTally.Counts(1000, 1000, 6, 994)), 0.006);

        final Map<String, Map<String, Object>> targets = BenchmarkReport.targets(List.of(
                run("stoppay-exactly_once_v2", 0, 50, 100, detection)));

        assertThat(met(targets, "as expected: listed_payee")).isEqualTo(false);
        assertThat(met(targets, "as expected: mule_fan_in")).isEqualTo(true);
        assertThat(met(targets, "false positives on ordinary payments")).isEqualTo(false);
        assertThat(targets).doesNotContainKey("as expected: ordinary");
    }

    @Test
    void shouldJudgeMemoryAfterTheCachesFilledNotFromTheFirstSample() {
        final String rss = "RSS growth after the first third of the run (StopPay EOS), MiB";
        final RunResult warmingThenFlat = withRss(500, 900, 900, 900, 930);
        final RunResult leaking = withRss(500, 900, 900, 1000, 1100);

        assertThat(met(BenchmarkReport.targets(List.of(warmingThenFlat)), rss)).isEqualTo(true);
        assertThat(met(BenchmarkReport.targets(List.of(leaking)), rss)).isEqualTo(false);
    }

    /** A StopPay run whose RSS, sampled once a second, was {@code mib} in turn. */
    private static RunResult withRss(final long... mib) {
        final RunResult.Percentiles latency = new RunResult.Percentiles(1000, 50, 100, 100, 100, 100);
        final List<RunResult.Second> timeline = new ArrayList<>();
        for (int i = 0; i < mib.length; i++) {
            timeline.add(new RunResult.Second(i, 100, 50, 100, 0, mib[i] << 20));
        }
        return new RunResult("stoppay-exactly_once_v2", "StopPay", "exactly_once_v2", 100, "fixed-rate", 100, 1000,
                1000, 0, 0, 100, latency, latency, timeline, mib[0] << 20, 1100L << 20, mib[mib.length - 1] << 20, 50,
                Map.of(), null);
    }
}
