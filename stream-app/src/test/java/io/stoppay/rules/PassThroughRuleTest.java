package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.awaitsPayerInflows;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** RAPID_PASS_THROUGH (快进快出): at least 80 % of at least CNY 10,000 received in 30 minutes sent on. */
class PassThroughRuleTest {

    @Test
    void shouldHoldThePaymentThatSendsEightyPercentOn() {
        // Given
        final FactsBuilder facts = payment(500_000).payerActivity(receivedTenThousand());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(70);
            assertThat(hit.getEvidence()).isEqualTo("payer received CNY 10,000.00 in 30 min and sends CNY 8,000.00 on "
                    + "(80%), this payment of CNY 5,000.00 included; thresholds CNY 10,000.00 and 80%");
        });
    }

    @Test
    void shouldLetAPaymentThatLeavesJustOverTwentyPercentPass() {
        // Given
        final FactsBuilder facts = payment(499_999).payerActivity(receivedTenThousand());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetAnAccountThatReceivedJustBelowTheThresholdSendItAllOn() {
        // Given
        final FactsBuilder facts = payment(999_999).payerActivity(activity()
                .received("6217000000000001", 999_999, Duration.ofMinutes(20)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountMoneyThatWasHeldAndNeverArrived() {
        // Given
        final FactsBuilder facts = payment(1_000_000).payerActivity(activity()
                .received("6217000000000001", 500_000, Duration.ofMinutes(20))
                .receivedHeld("6217000000000003", 5_000_000, Duration.ofMinutes(15)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountMoneyReceivedBeforeTheWindow() {
        // Given
        final FactsBuilder facts = payment(1_000_000).payerActivity(activity()
                .received("6217000000000001", 1_000_000, Duration.ofMinutes(31)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTakeTheRatioFromTheRuleset() {
        // Given
        final FactsBuilder facts = payment(500_000).payerActivity(receivedTenThousand());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, Map.of("min.ratio.percent", 90L), facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /** CNY 10,000 in, CNY 3,000 already out again. */
    private static ActivityBuilder receivedTenThousand() {
        return activity()
                .received("6217000000000001", 1_000_000, Duration.ofMinutes(20))
                .paid("6217000000000002", 300_000, Duration.ofMinutes(10));
    }

    /**
     * A hit needs 80 % of at least CNY 10,000 sent on, so CNY 8,000 sent in the window, this payment
     * included: from there on, inflows still on their way could make the payment a pass-through,
     * and it waits for them; below it no inflow could.
     */
    @Test
    void shouldMakeAPaymentWaitForInflowsOnlyFromEightThousandSentOn() {
        assertThat(awaitsPayerInflows(RuleIds.RAPID_PASS_THROUGH, payment(800_000))).isTrue();
        assertThat(awaitsPayerInflows(RuleIds.RAPID_PASS_THROUGH, payment(799_999))).isFalse();
        assertThat(awaitsPayerInflows(RuleIds.RAPID_PASS_THROUGH, payment(400_000).payerActivity(activity()
                .paid("6217000000000009", 400_000, Duration.ofMinutes(29))))).as("CNY 4,000 sent before").isTrue();
        assertThat(awaitsPayerInflows(RuleIds.RAPID_PASS_THROUGH, payment(400_000).payerActivity(activity()
                .paid("6217000000000009", 400_000, Duration.ofMinutes(31))))).as("sent before the window").isFalse();
    }

    @Test
    void shouldMakeNoPaymentWaitWhenNoRuleReadsThePayersInflows() {
        assertThat(awaitsPayerInflows(RuleIds.PAYER_VELOCITY, payment(100_000_000))).isFalse();
    }
}
