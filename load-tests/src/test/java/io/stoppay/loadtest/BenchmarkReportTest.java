package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.loadtest.generator.DetectionTally;
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
}
