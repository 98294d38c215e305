package io.stoppay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.testing.DeployedQueries;
import io.stoppay.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus configuration and rules are valid, and every alert fires, and stays quiet,
 * as its unit tests say.
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = DeployedQueries.DEPLOY.resolve("prometheus");

    @Test
    void shouldPassPromtoolCheckRules() throws Exception {
        final Promtool.Verdict verdict = Promtool.run(PROMETHEUS, "check", "rules", "stoppay-rules.yml");

        assertThat(verdict.exitCode()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("SUCCESS");
    }

    @Test
    void shouldPassPromtoolCheckConfigWithTheRulesItLoads() throws Exception {
        final Promtool.Verdict verdict = Promtool.run(PROMETHEUS, "check", "config", "prometheus.yml");

        assertThat(verdict.exitCode()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("stoppay-rules.yml", "SUCCESS");
    }

    @Test
    void shouldPassTheRuleUnitTests() throws Exception {
        final Promtool.Verdict verdict = Promtool.run(PROMETHEUS, "test", "rules", "stoppay-rules-test.yml");

        assertThat(verdict.exitCode()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("SUCCESS");
    }

    @Test
    void shouldHaveAUnitTestForEveryAlert() throws Exception {
        final Set<String> alerts = names(Pattern.compile("- alert: (\\w+)"), PROMETHEUS.resolve("stoppay-rules.yml"));
        final Set<String> tested = names(Pattern.compile("alertname: (\\w+)"), PROMETHEUS.resolve("stoppay-rules-test.yml"));

        assertThat(alerts).containsExactlyInAnyOrder("StopPayLagGrowing", "StopPayDecisionLatencyOverBudget",
                "StopPayDeadLettersRising", "StopPayInstanceNotReady", "StopPayReferenceDataBehind",
                "StopPayNoDecisionsWhileInputWaits", "StopPayStopPaymentSpike", "StopPayOutcomesOverdue",
                "StopPaySubjectEnumeration");
        assertThat(tested).isEqualTo(alerts);
    }

    private static Set<String> names(final Pattern pattern, final Path file) throws Exception {
        final Set<String> names = new TreeSet<>();
        final Matcher matcher = pattern.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
