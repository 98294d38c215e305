package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs HopLatency for a few seconds at a tiny rate (one commit interval, pass-through and StopPay)
 * and checks that the numbers are sane: every payment measured, none missing, no duplicates, every
 * timestamp a log-append time, and a decision never earlier than its hop.
 */
class HopLatencySmokeTest {

    @Test
    @Timeout(90)
    void measuresEveryHopOfAFewPayments() throws Exception {
        final HopOptions options = new HopOptions(40, Duration.ofMillis(500), Duration.ofSeconds(2), List.of(100L),
                true, 1, 1_000, 2, 3, Duration.ofSeconds(20), 7);

        final List<HopLatency.RunResult> results = HopLatency.measure(options, System.out);

        assertThat(results).extracting(HopLatency.RunResult::system)
                .containsExactly(HopLatency.PASS_THROUGH, HopLatency.STOPPAY);
        for (final HopLatency.RunResult run : results) {
            assertThat(run.sent()).isEqualTo(80);
            assertThat(run.sendErrors()).isZero();
            assertThat(run.duplicates()).isZero();
            assertThat(run.notAppendTime()).isZero();
            for (final Latency.Summary latency : run.latencies()) {
                assertThat(latency.count()).as(latency.name()).isEqualTo(80);
                assertThat(latency.missing()).as(latency.name()).isZero();
                assertThat(latency.negative()).as(latency.name()).isZero();
                assertThat(latency.p50()).as(latency.name()).isBetween(0L, 10_000L);
                assertThat(latency.p50()).isLessThanOrEqualTo(latency.p99());
                assertThat(latency.p99()).isLessThanOrEqualTo(latency.max());
            }
        }
        final HopLatency.RunResult stopPay = results.get(1);
        // Per payment decision = hop 1 + stage 2 with stage 2 >= 0, so every percentile is ordered too.
        assertThat(stopPay.latency(HopLatency.DECISION).p50()).isGreaterThanOrEqualTo(stopPay.latency(HopLatency.HOP1).p50());
        assertThat(stopPay.latency(HopLatency.DECISION).max()).isGreaterThanOrEqualTo(stopPay.latency(HopLatency.HOP1).max());
        final long decided = stopPay.labels().entrySet().stream().filter(e -> !e.getKey().startsWith("hit "))
                .mapToLong(e -> e.getValue()).sum();
        assertThat(decided).as("decisions of the measured payments").isEqualTo(80);
        System.out.println(HopLatency.table(results));
    }
}
