package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stoppay.loadtest.generator.DetectionTally.Counts;
import io.stoppay.loadtest.generator.Scenario;
import org.junit.jupiter.api.Test;

/** The rule OutageReplayIT judges the backlog by, on numbers whose answer is known, without a broker. */
class OutageReplayRuleTest {

    @Test
    void shouldAllowNoMissForAPaymentDecidedOnItsOwnWhateverTheLiveRunDid() {
        final Counts backlog = judged(100, 99);
        for (final Scenario scenario : new Scenario[] {Scenario.LISTED_PAYEE, Scenario.LINKED_PAYEE_1_HOP,
                Scenario.LINKED_PAYEE_2_HOPS, Scenario.ELDERLY_LARGE_NEW_PAYEE, Scenario.DORMANT_REACTIVATED}) {
            assertThat(OutageReplayIT.allowedMisses(scenario, judged(20, 18), backlog)).as(scenario.key()).isZero();
        }
    }

    @Test
    void shouldAllowAMuleOnePercentAndNoMoreThanOnePaymentBelowTheLiveRun() {
        assertThat(OutageReplayIT.allowedMisses(Scenario.MULE_PASS_THROUGH, judged(6, 6), judged(30, 30))).isZero();
        assertThat(OutageReplayIT.allowedMisses(Scenario.MULE_FAN_IN, judged(30, 30), judged(250, 250))).isEqualTo(1);
        assertThat(OutageReplayIT.allowedMisses(Scenario.MULE_FAN_IN, judged(100, 99), judged(250, 250)))
                .as("1% of 250, below the live rate's 2.5 plus one").isEqualTo(2);
    }

    @Test
    void shouldFailCardFarmingThatCollapsesOnTheBacklogButNotOneThatDetectsAsLive() {
        final Counts live = judged(19, 19);
        final long allowed = OutageReplayIT.allowedMisses(Scenario.CARD_FARMING_DEVICE, live, judged(77, 77));
        assertThat(allowed).as("19 of 19 live bound the miss rate at 22%: at most 29 of 77 (the first run)")
                .isEqualTo(29);
        assertThat(77 - 15).as("15 of 77, as the current code did").isGreaterThan((int) allowed);
        assertThat(77 - 71).as("92%, the worst live run recorded").isLessThanOrEqualTo((int) allowed);
    }

    @Test
    void shouldComputeTheBinomialQuantileAndTheWilsonBound() {
        // P(X <= 8) = 1 - 11/1024 < 0.999 <= P(X <= 9) = 1 - 1/1024 for X ~ Binomial(10, 1/2).
        assertThat(OutageReplayIT.binomialQuantile(10, 0.5, 0.999)).isEqualTo(9);
        assertThat(OutageReplayIT.binomialQuantile(10, 0, 0.999)).isZero();
        assertThat(OutageReplayIT.binomialQuantile(10, 1, 0.999)).isEqualTo(10);
        // None missed of n: the bound is z² / (n + z²).
        assertThat(OutageReplayIT.wilsonUpper(0, 20)).isCloseTo(2.326 * 2.326 / (20 + 2.326 * 2.326), within(1e-12));
        assertThat(OutageReplayIT.wilsonUpper(0.5, 20)).isBetween(0.5, 1.0);
    }

    private static Counts judged(final long judged, final long met) {
        return new Counts(judged, judged, met, met);
    }
}
