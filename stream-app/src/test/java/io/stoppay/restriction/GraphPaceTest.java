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
        lag.observe(200, now);
        assertThat(slot(true)).isTrue();
        lag.observe(200, now);
        assertThat(slot(true)).isFalse();

        // While decisions keep up and the graph has work, each slot it runs grows its share by half
        int run = 0;
        for (int i = 0; i < 60; i++) {
            lag.observe(200, now);
            run += slot(true) ? 1 : 0;
        }
        assertThat(pace.duty()).isEqualTo(1.0);
        assertThat(run).isBetween(40, 59);
        for (int i = 0; i < 20; i++) {
            lag.observe(200, now);
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

        lag.observe(200, now);
        slot(false); // ran, applied nothing: the graph is idle
        lag.observe(200, now);
        slot(false);

        assertThat(pace.duty()).isEqualTo(GraphPace.MIN_DUTY);
    }

    @Test
    void shouldRunEverySlotWhileNoPaymentsAreFlowingAndStartSlowlyWhenTheyDo() {
        // No decision yet, or none for FRESH_MS: a first load of the lists goes at full speed
        for (int i = 0; i < 20; i++) {
            assertThat(slot(true)).isTrue();
        }
        lag.observe(60_000, now);
        slot(true);
        now += GraphPace.FRESH_MS;
        for (int i = 0; i < 20; i++) {
            assertThat(slot(i < 10)).as("slot %d, an old late decision", i).isTrue();
        }
        assertThat(pace.duty()).as("idle: the next burst starts slowly").isEqualTo(GraphPace.MIN_DUTY);

        // Payments flow again, on time: one slot in ten at first
        lag.observe(200, now);
        int run = 0;
        for (int i = 0; i < 10; i++) {
            lag.observe(200, now);
            run += slot(true) ? 1 : 0;
        }
        assertThat(run).isLessThan(10);
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
        for (int i = 0; i < 60; i++) {
            lag.observe(200, now);
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
