package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;

/**
 * Generated traffic through the real topology after 30 days of the population's history were
 * backfilled ({@code payments.history.v1}), as a benchmark run with {@code --backfill-days 30}
 * starts: 3,000 accounts (about 43,000 past payments), then 12,000 payments, 12 a second. StopPay
 * then knows most of the people everyday life pays, and the fraud is caught as from an empty start.
 */
class GeneratorBackfillTopologyTest extends GeneratedTrafficThroughTopology {

    private static final int ACCOUNTS = 3_000;
    private static final int DAYS = 30;
    private static final int PAYMENTS = 12_000;
    private static final Duration SPACING = Duration.ofMillis(84);

    private long pastPayments;

    GeneratorBackfillTopologyTest() {
        super(30);
    }

    @BeforeAll
    void backfillThenRunGeneratedTrafficThroughStopPay() throws IOException {
        final Population population = new Population(7, ACCOUNTS, START);
        decide(population, PAYMENTS, SPACING,
                run -> pastPayments = run.backfill(new PastPayments(population, "ttd").before(START, DAYS)));
    }

    @Test
    void shouldRecordThePastPaymentsWithoutDecidingAny() {
        assertThat(pastPayments).isGreaterThan(10L * ACCOUNTS);
        assertThat(decisions).hasSize(PAYMENTS);
    }

    /** With history, everyday life pays people StopPay has seen paid: each shape at most 0.5% held. */
    @Test
    void shouldHoldAtMostHalfAPercentOfEachEverydayShapeWithHistory() {
        assertEachEverydayShapeButTheGiftHeldAtMost(0.005);
    }

    /** The history makes most grandchildren known payees: their large gift is not even verified. */
    @Test
    void shouldLetMostGrandparentsGiftsToAKnownGrandchildPass() {
        assertThat(giftDecisions().filter(decision -> decision.getAction() == Action.PASS).count())
                .isGreaterThan(tally.counts(Scenario.GRANDPARENT_GIFT).judged() * 8 / 10);
    }
}
