package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The demo's summary says when it leaves payments out: an attack on a loaded machine saw
 * sent=929 decided=912 dead-letters=9 and nothing about the other 8.
 */
class DemoSummaryTest {

    @Test
    void shouldSayHowManyPaymentsTheSummaryLeavesOut() {
        assertThat(DemoCommand.unaccounted(929, 912, 9)).hasValue("[summary] 8 of 929 payments sent were neither "
                + "decided nor dead-lettered within 60 s of the last one: StopPay is behind on this machine, and the "
                + "counts above leave them out");
    }

    @Test
    void shouldSayNothingMoreWhenEveryPaymentIsAccountedFor() {
        assertThat(DemoCommand.unaccounted(200, 198, 2)).isEmpty();
    }
}
