package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;

/**
 * Generated traffic through the real topology from an empty start, as every benchmark run
 * without {@code --backfill-days} starts: 5,000 accounts, 20,000 payments, 20 a second.
 */
class GeneratorTopologyTest extends GeneratedTrafficThroughTopology {

    private static final int ACCOUNTS = 5_000;
    private static final int PAYMENTS = 20_000;
    private static final Duration SPACING = Duration.ofMillis(50);

    GeneratorTopologyTest() {
        super(50);
    }

    @BeforeAll
    void runGeneratedTrafficThroughStopPay() throws IOException {
        decide(new Population(7, ACCOUNTS, START), PAYMENTS, SPACING, run -> 0);
    }

    /**
     * Everyday life from an empty start (FIELD-NOTES, issue 16): split bills, red packets, rent,
     * payroll runs and refunds pay people never paid before, and must move.
     */
    @Test
    void shouldHoldAtMostTwoPercentOfEachEverydayShapeFromAnEmptyStart() {
        assertEachEverydayShapeButTheGiftHeldAtMost(0.02);
    }

    /** From an empty start every grandchild is a new payee: a large gift to one is at least verified. */
    @Test
    void shouldVerifyEveryGrandparentsGiftFromAnEmptyStart() {
        giftDecisions().forEach(decision -> assertThat(decision.getAction()).as(decision.toString())
                .isNotEqualTo(Action.PASS));
    }
}
