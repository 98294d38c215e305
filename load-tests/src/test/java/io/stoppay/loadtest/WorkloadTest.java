package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.Scenario;
import io.stoppay.loadtest.generator.TrafficMix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each run of a benchmark gets its traffic afresh: the app it measures starts empty. */
class WorkloadTest {

    private static final Instant T0 = Instant.parse("2026-12-02T02:00:00Z");
    private static final int PAYMENTS = 4_000;
    /** 40 s of event time per run at 10 ms apart: episodes step every 2 s, so some are open at the end. */
    private static final long GAP_MS = 10;

    @Test
    void aRunJudgesOnlyEpisodesItsTrafficBeganAndTheSameSeedMakesTheSameTraffic() {
        final Workload workload = new Workload(42, 2_000, TrafficMix.defaults(), "workload-test");
        workload.startRun(1);
        final List<PaymentLabel> first = labels(workload, T0);
        workload.startRun(2);
        final List<PaymentLabel> second = labels(workload, T0.plusSeconds(60));

        assertThat(openAtTheEnd(first)).as("the first run ends with episodes open").isNotEmpty();
        final Set<String> begun = new HashSet<>();
        for (final PaymentLabel label : second) {
            if (label.position() == 1) {
                begun.add(label.episode());
            }
            if (label.episode().isEmpty() || label.scenario() == Scenario.ORDINARY) {
                continue;
            }
            assertThat(begun).as("step %d of %s", label.position(), label.episode()).contains(label.episode());
        }
        assertThat(second).extracting(PaymentLabel::scenario)
                .containsExactlyElementsOf(first.stream().map(PaymentLabel::scenario).toList());
        assertThat(second).extracting(PaymentLabel::txnId).doesNotContainAnyElementsOf(
                first.stream().map(PaymentLabel::txnId).toList());
    }

    private static List<PaymentLabel> labels(final Workload workload, final Instant start) {
        final List<PaymentLabel> labels = new ArrayList<>(PAYMENTS);
        for (int i = 0; i < PAYMENTS; i++) {
            labels.add(workload.next(start.plusMillis(i * GAP_MS)).label());
        }
        return labels;
    }

    /** Episodes with a step in {@code labels} but not their last. */
    private static Set<String> openAtTheEnd(final List<PaymentLabel> labels) {
        final Set<String> open = new HashSet<>();
        for (final PaymentLabel label : labels) {
            if (!label.episode().isEmpty()) {
                if (label.position() < label.episodeSize()) {
                    open.add(label.episode());
                } else {
                    open.remove(label.episode());
                }
            }
        }
        return open;
    }
}
