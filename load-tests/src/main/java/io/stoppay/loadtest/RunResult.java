package io.stoppay.loadtest;

import io.stoppay.loadtest.generator.DetectionTally;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one benchmark run (one app, one guarantee), as written to result.json.
 * Latencies are in ms, from the payment's append time to its output's append time (both stamped
 * by the broker), and to a read_committed consumer receiving it ("visible"). {@code stateBytes}:
 * the app's state on disk per store at the end of the run. {@code cpuMsPerDecision}: the app
 * process's CPU time (every thread, ms) over the measured window per payment decided in it, -1 when
 * unknown: a steadier measure of cost than max-rate throughput, which varies by ±20% from run to run
 * on a shared machine. {@code backfill}: the history it started with.
 */
record RunResult(String name, String app, String guarantee, long commitIntervalMs, String mode, double targetRate,
                 long measured, long outputs, long missing, long duplicates, double throughputPerSecond,
                 Percentiles appendLatency, Percentiles visibleLatency, List<Second> timeline,
                 long firstRssBytes, long peakRssBytes, long lastRssBytes, long peakHeapBytes, double cpuMsPerDecision,
                 Map<String, Long> stateBytes, Detection detection, HubLoadResult hubLoad, Backfill backfill) {

    RunResult(final String name, final String app, final String guarantee, final long commitIntervalMs,
              final String mode, final double targetRate, final long measured, final long outputs, final long missing,
              final long duplicates, final double throughputPerSecond, final Percentiles appendLatency,
              final Percentiles visibleLatency, final List<Second> timeline, final long firstRssBytes,
              final long peakRssBytes, final long lastRssBytes, final long peakHeapBytes,
              final Map<String, Long> stateBytes, final Detection detection) {
        this(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing, duplicates,
                throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes, lastRssBytes,
                peakHeapBytes, -1, stateBytes, detection, null, Backfill.NONE);
    }

    /** This result with the app's state on disk, measured once it stopped (and so flushed its stores). */
    RunResult withStateBytes(final Map<String, Long> bytesByStore) {
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing,
                duplicates, throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes,
                lastRssBytes, peakHeapBytes, cpuMsPerDecision, Map.copyOf(bytesByStore), detection, hubLoad, backfill);
    }

    /** This result with a hub loaded during it. */
    RunResult withHubLoad(final HubLoadResult load) {
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing,
                duplicates, throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes,
                lastRssBytes, peakHeapBytes, cpuMsPerDecision, stateBytes, detection, load, backfill);
    }

    /** This result of a run that started with {@code history} recorded. */
    RunResult withBackfill(final Backfill history) {
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured, outputs, missing,
                duplicates, throughputPerSecond, appendLatency, visibleLatency, timeline, firstRssBytes, peakRssBytes,
                lastRssBytes, peakHeapBytes, cpuMsPerDecision, stateBytes, detection, hubLoad, history);
    }

    /**
     * The history a run started with (issue 16): {@code days} days of the population's ordinary
     * payments recorded by StopPay before the traffic, {@code payments} of them, published in
     * {@code publishSeconds} and recorded {@code recordSeconds} after that; 0 days for a run from
     * an empty start, as every pass-through run is.
     */
    record Backfill(int days, long payments, double publishSeconds, double recordSeconds) {

        static final Backfill NONE = new Backfill(0, 0, 0, 0);

        /** How the report names this start: "from an empty start", or "with N days backfilled". */
        String start() {
            return start(days);
        }

        /** How the report names a start with {@code days} of history. */
        static String start(final int days) {
            return days == 0 ? "from an empty start" : "with " + days + (days == 1 ? " day" : " days") + " backfilled";
        }
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
