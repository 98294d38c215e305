package io.stoppay.loadtest;

import io.stoppay.loadtest.generator.DetectionTally;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark run (one app, one guarantee), as written to result.json.
 * Latencies are in ms, from the payment's append time to its output's append time (both stamped
 * by the broker), and to a read_committed consumer receiving it ("visible").
 */
record RunResult(String name, String app, String guarantee, long commitIntervalMs, String mode, double targetRate,
                 long measured, long outputs, long missing, long duplicates, double throughputPerSecond,
                 Percentiles appendLatency, Percentiles visibleLatency, List<Second> timeline,
                 long firstRssBytes, long peakRssBytes, long lastRssBytes, long peakHeapBytes,
                 Detection detection) {

    record Percentiles(long count, long p50, long p95, long p99, long p999, long max) {
    }

    /** Detection quality by scenario (see {@code DetectionTally}), and the false-positive rate on ordinary payments. */
    record Detection(Map<String, DetectionTally.Counts> scenarios, double falsePositiveRate) {
    }

    /** One second of the measured window, by the payments' append time. */
    record Second(long second, long payments, long p50, long p99, long backlog, long rssBytes) {
    }
}
