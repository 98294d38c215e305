package io.stoppay.loadtest.generator;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import stoppay.v1.Action;

/**
 * Detection quality against the labels: per scenario, how many payments were decided, how many
 * of them count ({@link PaymentLabel#judged()}), how many of those were intercepted (HOLD or
 * STOP_PAYMENT) and how many got what their label expects. For ordinary payments "intercepted"
 * is the false positives. Per rule, how many decisions it hit and how many of those were of
 * ordinary payments: what each rule costs in precision. Not thread-safe.
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

    /**
     * What one rule hit among the decided payments.
     *
     * @param hits                decisions the rule hit
     * @param ordinaryHits        of those, decisions of ordinary payments
     * @param ordinaryIntercepted of those, decisions that held or stopped the ordinary payment
     */
    public record RuleCounts(long hits, long ordinaryHits, long ordinaryIntercepted) {

        /** Hits on fraud payments (judged or not). */
        public long fraudHits() {
            return hits - ordinaryHits;
        }

        /** Share of the hits that were on fraud payments; NaN when the rule hit nothing. */
        public double precision() {
            return hits == 0 ? Double.NaN : (double) fraudHits() / hits;
        }
    }

    private final Map<Scenario, long[]> counts = new EnumMap<>(Scenario.class);
    private final Map<String, long[]> rules = new TreeMap<>();

    /** Counts one decided payment whose decision named no rule. */
    public void record(final PaymentLabel label, final Action action) {
        record(label, action, List.of());
    }

    /** Counts one decided payment and the rules its decision hit (each once, however often named). */
    public void record(final PaymentLabel label, final Action action, final Collection<String> ruleIds) {
        final long[] c = counts.computeIfAbsent(label.scenario(), s -> new long[4]);
        c[0]++;
        if (label.judged()) {
            c[1]++;
            c[2] += Expectation.intercepts(action) ? 1 : 0;
            c[3] += label.metBy(action) ? 1 : 0;
        }
        final boolean ordinary = !label.fraud();
        for (final String ruleId : new TreeSet<>(ruleIds)) {
            final long[] r = rules.computeIfAbsent(ruleId, id -> new long[3]);
            r[0]++;
            r[1] += ordinary ? 1 : 0;
            r[2] += ordinary && Expectation.intercepts(action) ? 1 : 0;
        }
    }

    /**
     * Makes {@code scenario} part of {@link #byScenario()} even if no payment of it was decided:
     * a scenario the traffic was meant to have then shows as 0 judged rather than not at all.
     */
    public void expect(final Scenario scenario) {
        counts.computeIfAbsent(scenario, s -> new long[4]);
    }

    /** Every rule that hit a decided payment, by rule id. */
    public Map<String, RuleCounts> byRule() {
        final Map<String, RuleCounts> all = new TreeMap<>();
        rules.forEach((id, r) -> all.put(id, new RuleCounts(r[0], r[1], r[2])));
        return Collections.unmodifiableMap(all);
    }

    public Counts counts(final Scenario scenario) {
        final long[] c = counts.getOrDefault(scenario, new long[4]);
        return new Counts(c[0], c[1], c[2], c[3]);
    }

    /** Every scenario seen or {@linkplain #expect expected}, in declaration order. */
    public Map<Scenario, Counts> byScenario() {
        final Map<Scenario, Counts> all = new EnumMap<>(Scenario.class);
        counts.keySet().forEach(s -> all.put(s, counts(s)));
        return Collections.unmodifiableMap(all);
    }

    /** Ordinary payments of every everyday shape held or stopped, as a share of them; NaN when there were none. */
    public double falsePositiveRate() {
        return ordinary().interceptedFraction();
    }

    /** The counts of ordinary traffic, every everyday shape together. */
    public Counts ordinary() {
        final long[] sum = new long[4];
        counts.forEach((scenario, c) -> {
            if (!scenario.fraud()) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += c[i];
                }
            }
        });
        return new Counts(sum[0], sum[1], sum[2], sum[3]);
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
