package io.stoppay.loadtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import io.stoppay.loadtest.generator.DetectionTally;
import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.Scenario;
import org.HdrHistogram.Histogram;
import stoppay.v1.Action;

/** Turns what a run sent and what came out into a {@link RunResult}. */
final class Evaluation {

    private static final long HIGHEST_MS = 3_600_000L;

    private Evaluation() {
    }

    /** A decision as the benchmark's consumer read it: its action and the ids of the rules it hit. */
    record Decided(Action action, List<String> ruleIds) {
    }

    /**
     * @param decision the decision of a txnId (empty: none)
     * @param expected the scenarios the traffic was meant to make (see {@code TrafficMix#scenarios})
     * @param detect   whether to judge detection (only StopPay decides)
     */
    static RunResult of(final String name, final String app, final String guarantee, final long commitIntervalMs,
                        final String mode, final double targetRate, final Traffic.Measured measured,
                        final AppendTimeRecorder outputs, final Function<String, Optional<Decided>> decision,
                        final Set<Scenario> expected, final boolean detect) {
        final Histogram append = histogram();
        final Histogram visible = histogram();
        final Map<Long, Histogram> perSecond = new TreeMap<>();
        final Map<Long, Long> paymentsPerSecond = new TreeMap<>();
        long missing = 0;
        long firstAppend = Long.MAX_VALUE;
        long lastOutput = Long.MIN_VALUE;
        for (final Map.Entry<String, Long> sent : measured.appendTimes().entrySet()) {
            final long second = (sent.getValue() - measured.startMs()) / 1000;
            paymentsPerSecond.merge(second, 1L, Long::sum);
            firstAppend = Math.min(firstAppend, sent.getValue());
            final AppendTimeRecorder.Times out = outputs.get(sent.getKey());
            if (out == null) {
                missing++;
                continue;
            }
            lastOutput = Math.max(lastOutput, out.appendMs());
            final long latency = clamp(out.appendMs() - sent.getValue());
            append.recordValue(latency);
            visible.recordValue(clamp(out.receivedMs() - sent.getValue()));
            perSecond.computeIfAbsent(second, s -> histogram()).recordValue(latency);
        }
        final long outputsSeen = append.getTotalCount();
        final double seconds = lastOutput > firstAppend ? (lastOutput - firstAppend) / 1000.0 : 0;
        return new RunResult(name, app, guarantee, commitIntervalMs, mode, targetRate, measured.appendTimes().size(),
                outputsSeen, missing, outputs.duplicates(), seconds == 0 ? 0 : outputsSeen / seconds,
                percentiles(append), percentiles(visible), timeline(measured, perSecond, paymentsPerSecond),
                measured.samples().isEmpty() ? -1 : measured.samples().get(0).rssBytes(),
                measured.samples().stream().mapToLong(Traffic.Sample::rssBytes).max().orElse(-1),
                measured.samples().isEmpty() ? -1 : measured.samples().get(measured.samples().size() - 1).rssBytes(),
                measured.samples().stream().mapToLong(Traffic.Sample::heapBytes).max().orElse(-1),
                cpuMsPerDecision(measured.samples()),
                Map.of(), detect ? detection(measured.appendTimes().keySet(), measured.labels(), decision, expected)
                        : null, null, RunResult.Backfill.NONE);
    }

    /**
     * The app's CPU time per measured payment decided between the first and the last sample that
     * read its CPU time (ms per decision), or -1 when fewer than two did or nothing was decided
     * between them.
     */
    static double cpuMsPerDecision(final List<Traffic.Sample> samples) {
        final List<Traffic.Sample> read = samples.stream().filter(sample -> sample.cpuMillis() >= 0).toList();
        if (read.size() < 2) {
            return -1;
        }
        final Traffic.Sample first = read.get(0);
        final Traffic.Sample last = read.get(read.size() - 1);
        final long decided = last.outputs() - first.outputs();
        return decided <= 0 ? -1 : (last.cpuMillis() - first.cpuMillis()) / (double) decided;
    }

    /**
     * The latency of the payments appended before {@code load} began (the usual latency it is
     * judged against), while it was being applied, and after it (during and after are empty when
     * it was not applied in time).
     */
    static RunResult.HubLoadResult hubLoad(final Traffic.Measured measured, final AppendTimeRecorder outputs,
                                           final HubLoad.Span load) {
        final Histogram before = histogram();
        final Histogram during = histogram();
        final Histogram after = histogram();
        for (final Map.Entry<String, Long> sent : measured.appendTimes().entrySet()) {
            final AppendTimeRecorder.Times out = outputs.get(sent.getKey());
            if (out == null) {
                continue;
            }
            final long latency = clamp(out.appendMs() - sent.getValue());
            if (sent.getValue() < load.startMs()) {
                before.recordValue(latency);
            } else if (load.applied()) {
                (sent.getValue() <= load.endMs() ? during : after).recordValue(latency);
            }
        }
        return new RunResult.HubLoadResult(load.links(), load.seconds(), percentiles(before), percentiles(during),
                percentiles(after));
    }

    /**
     * Detection quality of the decided payments among {@code txnIds}, against their labels. Every
     * scenario in {@code expected} is reported, with 0 payments if none of it was decided: a
     * scenario that is absent proves nothing, and must show as such.
     */
    static RunResult.Detection detection(final Collection<String> txnIds, final Map<String, PaymentLabel> labels,
                                         final Function<String, Optional<Decided>> decision,
                                         final Set<Scenario> expected) {
        final DetectionTally tally = new DetectionTally();
        expected.forEach(tally::expect);
        for (final String txnId : txnIds) {
            decision.apply(txnId).ifPresent(decided -> tally.record(labels.get(txnId), decided.action(),
                    decided.ruleIds()));
        }
        final Map<String, DetectionTally.Counts> scenarios = new TreeMap<>();
        tally.byScenario().forEach((scenario, counts) -> scenarios.put(scenario.key(), counts));
        return new RunResult.Detection(scenarios, tally.falsePositiveRate(), tally.byRule());
    }

    private static List<RunResult.Second> timeline(final Traffic.Measured measured, final Map<Long, Histogram> latency,
                                                   final Map<Long, Long> payments) {
        final List<RunResult.Second> seconds = new ArrayList<>();
        for (final Map.Entry<Long, Long> second : payments.entrySet()) {
            final Histogram h = latency.get(second.getKey());
            final Traffic.Sample sample = sampleAt(measured, measured.startMs() + second.getKey() * 1000);
            seconds.add(new RunResult.Second(second.getKey(), second.getValue(),
                    h == null ? -1 : h.getValueAtPercentile(50), h == null ? -1 : h.getValueAtPercentile(99),
                    sample == null ? -1 : sample.acknowledged() - sample.outputs(),
                    sample == null ? -1 : sample.rssBytes()));
        }
        return seconds;
    }

    /** The last sample taken at or before {@code atMs}. */
    private static Traffic.Sample sampleAt(final Traffic.Measured measured, final long atMs) {
        Traffic.Sample found = null;
        for (final Traffic.Sample sample : measured.samples()) {
            if (sample.atMs() <= atMs) {
                found = sample;
            }
        }
        return found;
    }

    private static RunResult.Percentiles percentiles(final Histogram h) {
        if (h.getTotalCount() == 0) {
            return new RunResult.Percentiles(0, -1, -1, -1, -1, -1);
        }
        return new RunResult.Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MS, 3);
    }

    private static long clamp(final long ms) {
        return Math.min(Math.max(ms, 0), HIGHEST_MS);
    }
}
