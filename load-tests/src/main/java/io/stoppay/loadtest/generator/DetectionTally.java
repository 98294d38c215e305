package io.stoppay.loadtest.generator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import stoppay.v1.Action;

/**
 * Detection quality against the labels: per scenario, how many payments were decided, how many
 * of them count ({@link PaymentLabel#judged()}), how many of those were intercepted (HOLD or
 * STOP_PAYMENT) and how many got what their label expects. For ordinary payments "intercepted"
 * is the false positives. Not thread-safe.
 */
public final class DetectionTally {

    /**
     * @param payments    decided payments of the scenario
     * @param judged      those whose decision counts (an episode's from its threshold on)
     * @param intercepted judged payments decided HOLD or STOP_PAYMENT
     * @param met         judged payments decided as the label expects
     */
    public record Counts(long payments, long judged, long intercepted, long met) {

        /** Intercepted share of the judged payments; NaN when none was judged. */
        public double interceptedFraction() {
            return judged == 0 ? Double.NaN : (double) intercepted / judged;
        }

        /** Share of the judged payments decided as expected; NaN when none was judged. */
        public double metFraction() {
            return judged == 0 ? Double.NaN : (double) met / judged;
        }
    }

    private final Map<Scenario, long[]> counts = new EnumMap<>(Scenario.class);

    /** Counts one decided payment. */
    public void record(final PaymentLabel label, final Action action) {
        final long[] c = counts.computeIfAbsent(label.scenario(), s -> new long[4]);
        c[0]++;
        if (label.judged()) {
            c[1]++;
            c[2] += Expectation.intercepts(action) ? 1 : 0;
            c[3] += label.metBy(action) ? 1 : 0;
        }
    }

    public Counts counts(final Scenario scenario) {
        final long[] c = counts.getOrDefault(scenario, new long[4]);
        return new Counts(c[0], c[1], c[2], c[3]);
    }

    /** Every scenario seen, in declaration order. */
    public Map<Scenario, Counts> byScenario() {
        final Map<Scenario, Counts> all = new EnumMap<>(Scenario.class);
        counts.keySet().forEach(s -> all.put(s, counts(s)));
        return Collections.unmodifiableMap(all);
    }

    /** Ordinary payments held or stopped, as a share of ordinary payments; NaN when there were none. */
    public double falsePositiveRate() {
        return counts(Scenario.ORDINARY).interceptedFraction();
    }

    /** One line per scenario: {@code mule_fan_in payments=… judged=… intercepted=…(…%) met=…(…%)}. */
    @Override
    public String toString() {
        return byScenario().entrySet().stream().map(e -> String.format(Locale.ROOT,
                "%s payments=%d judged=%d intercepted=%d (%.2f%%) met=%d (%.2f%%)", e.getKey().key(),
                e.getValue().payments(), e.getValue().judged(), e.getValue().intercepted(),
                100 * e.getValue().interceptedFraction(), e.getValue().met(), 100 * e.getValue().metFraction()))
                .collect(Collectors.joining("\n"));
    }
}
