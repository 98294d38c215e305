package io.stoppay.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.metrics.DecisionLag;
import org.junit.jupiter.api.Test;

/** The graph's pace, slot by slot, on a clock of its own. */
class GraphPaceTest {

    private static final long TOLERATED_MS = 1_000;

    private final DecisionLag lag = new DecisionLag();
    private final GraphPace pace = new GraphPace(lag, TOLERATED_MS);
    private long now;
    private long changes;

    @Test
    void shouldStartABurstSlowlyAndRunEverySlotOnceDecisionsHaveKeptUp() {
        // The first slot, then one in ten
        assertThat(slot(true)).isTrue();
        assertThat(slot(true)).isFalse();

        // While decisions keep up and the graph has work, each slot it runs grows its share by half
        int run = 0;
        for (int i = 0; i < 60; i++) {
            run += slot(true) ? 1 : 0;
        }
        assertThat(pace.duty()).isEqualTo(1.0);
        assertThat(run).isBetween(40, 59);
        for (int i = 0; i < 20; i++) {
            assertThat(slot(true)).as("slot %d at full duty", i).isTrue();
        }
    }

    @Test
    void shouldHalveItsShareEverySlotWhileDecisionsAreLateDownToATenth() {
        runAtFullDuty();

        lag.observe(5_000, now);
        slot(true);
        assertThat(pace.duty()).isEqualTo(0.5);
        for (int i = 0; i < 5; i++) {
            lag.observe(5_000, now);
            slot(true);
        }

        assertThat(pace.duty()).isEqualTo(GraphPace.MIN_DUTY);
        int run = 0;
        for (int i = 0; i < 50; i++) {
            lag.observe(5_000, now);
            run += slot(true) ? 1 : 0;
        }
        assertThat(run).as("a load still progresses: one slot in ten").isEqualTo(5);
    }

    @Test
    void shouldStartSlowlyAgainAfterASlotWithNothingToDo() {
        runAtFullDuty();

        slot(false); // ran, applied nothing: the graph is idle
        slot(false);

        assertThat(pace.duty()).isEqualTo(GraphPace.MIN_DUTY);
    }

    @Test
    void shouldIgnoreALateDecisionOnceItIsOld() {
        runAtFullDuty();
        lag.observe(60_000, now);
        slot(true);
        assertThat(pace.duty()).isLessThan(1.0);

        now += GraphPace.FRESH_MS;
        for (int i = 0; i < 30; i++) {
            slot(true);
        }

        assertThat(pace.duty()).isEqualTo(1.0);
    }

    @Test
    void shouldAlwaysRunWhenToleranceIsZero() {
        final GraphPace never = new GraphPace(lag, 0);
        lag.observe(60_000, 0);

        for (int i = 0; i < 20; i++) {
            assertThat(never.mayRunSlot(i * GraphPace.SLOT_MS, 0)).isTrue();
        }
    }

    private void runAtFullDuty() {
        lag.observe(200, now);
        for (int i = 0; i < 60; i++) {
            slot(true);
        }
        assertThat(pace.duty()).isEqualTo(1.0);
    }

    /** The next slot: whether the graph may run in it, after a slot in which it applied something or not. */
    private boolean slot(final boolean applied) {
        changes += applied ? 10 : 0;
        now += GraphPace.SLOT_MS;
        return pace.mayRunSlot(now, changes);
    }
}
