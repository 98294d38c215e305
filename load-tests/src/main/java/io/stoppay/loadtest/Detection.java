package io.stoppay.loadtest;

import java.util.Map;
import java.util.TreeMap;

/**
 * Detection quality against the labels: per scenario, how many payments had to be held and how
 * many of those were (HOLD or STOP_PAYMENT); over ordinary payments, how many were held anyway.
 */
final class Detection {

    private final Map<String, long[]> byScenario = new TreeMap<>();
    private long ordinary;
    private long ordinaryHeld;

    /** One decided payment: its label and whether the decision held or stopped it. */
    void record(final Workload.Label label, final boolean held) {
        if (!label.fraud()) {
            ordinary++;
            ordinaryHeld += held ? 1 : 0;
            return;
        }
        final long[] counts = byScenario.computeIfAbsent(label.scenario(), s -> new long[3]);
        counts[0]++;
        if (label.mustHold()) {
            counts[1]++;
            counts[2] += held ? 1 : 0;
        }
    }

    Summary summary() {
        final Map<String, Scenario> scenarios = new TreeMap<>();
        byScenario.forEach((name, c) -> scenarios.put(name, new Scenario(c[0], c[1], c[2],
                c[1] == 0 ? 1.0 : (double) c[2] / c[1])));
        return new Summary(scenarios, ordinary, ordinaryHeld, ordinary == 0 ? 0 : (double) ordinaryHeld / ordinary);
    }

    /** Per fraud scenario: payments, those that must be held, those held, and the held fraction. */
    record Scenario(long payments, long mustHold, long held, double heldFraction) {
    }

    record Summary(Map<String, Scenario> scenarios, long ordinary, long ordinaryHeld, double falsePositiveRate) {
    }
}
