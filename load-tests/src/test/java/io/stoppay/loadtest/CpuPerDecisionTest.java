package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The app's CPU per decision over the measured window, from the samples the window took. */
class CpuPerDecisionTest {

    @Test
    void shouldDivideTheCpuUsedBetweenTheFirstAndLastReadingByTheDecisionsMadeBetweenThem() {
        final List<Traffic.Sample> samples = List.of(
                sample(0, 100, -1),
                sample(1_000, 150, 40_000),
                sample(2_000, 900, 40_700),
                sample(3_000, 1_750, 41_300));

        assertThat(Evaluation.cpuMsPerDecision(samples)).isCloseTo(1_300.0 / 1_600, within(1e-9));
    }

    @Test
    void shouldKnowNothingWithoutTwoReadingsOrWithoutDecisions() {
        assertThat(Evaluation.cpuMsPerDecision(List.of(sample(0, 0, 10), sample(1_000, 50, -1)))).isEqualTo(-1);
        assertThat(Evaluation.cpuMsPerDecision(List.of(sample(0, 70, 10), sample(1_000, 70, 900)))).isEqualTo(-1);
        assertThat(Evaluation.cpuMsPerDecision(List.of())).isEqualTo(-1);
    }

    private static Traffic.Sample sample(final long atMs, final long outputs, final long cpuMillis) {
        return new Traffic.Sample(atMs, outputs, outputs, 1L << 30, 1L << 28, cpuMillis);
    }
}
