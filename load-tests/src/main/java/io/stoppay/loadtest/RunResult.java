package io.stoppay.loadtest;

import io.stoppay.loadtest.generator.DetectionTally;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark run (one app, one guarantee), as written to result.json.
 * Latencies are in ms, from the payment's append time to its output's append time (both stamped
 * by the broker), and to a read_committed consumer receiving it ("visible"). {@code stateBytes}:
 * the app's state on disk per store at the end of the run.
 */
record RunResult(String name, String app, String guarantee, long commitIntervalMs, String mode, double targetRate,
                 long measured, long outputs, long missing, long duplicates, double throughputPerSecond,
                 Percentiles appendLatency, Percentiles visibleLatency, List<Second> timeline,
                 long firstRssBytes, long peakRssBytes, long lastRssBytes, long peakHeapBytes,
                 Map<String, Long> stateBytes, Detection detection, HubLoadResult hubLoad) {

    RunResult(final String name, final String app, final String guarantee, final long commitIntervalMs,
              final String mode, final double targetRate, final long measured, final long outputs, final long missing,
              final long duplicates, final double throughputPerSecond, final Percentiles appendLatency,
              final Percentiles visibleLatency, final List<Second> timeline, final long firstRssBytes,
              final long peakRssBytes, final long lastRssBytes, final long peakHeapBytes,
              final Map<String, Long> stateBytes, final Detection detection) {
        this(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing, duplicates,
                throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes, lastRssBytes,
                peakHeapBytes, stateBytes, detection, null);
    }

    /** This result with the app's state on disk, measured once it stopped (and so flushed its stores). */
    RunResult withStateBytes(final Map<String, Long> bytesByStore) {
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing,
                duplicates, throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes,
                lastRssBytes, peakHeapBytes, Map.copyOf(bytesByStore), detection, hubLoad);
    }

    /** This result with a hub loaded during it. */
    RunResult withHubLoad(final HubLoadResult load) {
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing,
                duplicates, throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes,
                lastRssBytes, peakHeapBytes, stateBytes, detection, load);
    }

    /**
     * A hub of {@code links} links loaded while payments flowed ({@link HubLoad}): how long StopPay
     * took to apply it (-1: not within the wait), and the decision latency (append to append, ms)
     * of the payments sent before it began, while it was being applied, and after.
     */
    record HubLoadResult(long links, double seconds, Percentiles beforeLoad, Percentiles duringLoad,
                         Percentiles afterLoad) {
    }

    record Percentiles(long count, long p50, long p95, long p99, long p999, long max) {
    }

    /**
     * Detection quality by scenario (see {@code DetectionTally}; a scenario the mix was to make
     * but of which no payment was decided is there with 0 payments), the false-positive rate on
     * ordinary payments, and what each rule hit, by rule id.
     */
    record Detection(Map<String, DetectionTally.Counts> scenarios, double falsePositiveRate,
                     Map<String, DetectionTally.RuleCounts> rules) {

        Detection(final Map<String, DetectionTally.Counts> scenarios, final double falsePositiveRate) {
            this(scenarios, falsePositiveRate, Map.of());
        }
    }

    /** One second of the measured window, by the payments' append time. */
    record Second(long second, long payments, long p50, long p99, long backlog, long rssBytes) {
    }
}
