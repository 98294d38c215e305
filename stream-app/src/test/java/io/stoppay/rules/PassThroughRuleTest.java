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
            assertThat(hit.getEvidence()).isEqualTo("payer received CNY 10,000.00 in 30 min, CNY 10,000.00 of it from "
                    + "first-time payers, and sends CNY 8,000.00 on (80%), this payment of CNY 5,000.00 included; "
                    + "thresholds CNY 10,000.00 from first-time payers and 80%");
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
                .receivedFirstPayment("6217000000000001", 999_999, Duration.ofMinutes(20)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountMoneyThatWasHeldAndNeverArrived() {
        // Given
        final FactsBuilder facts = payment(1_000_000).payerActivity(activity()
                .receivedFirstPayment("6217000000000001", 500_000, Duration.ofMinutes(20))
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
                .receivedFirstPayment("6217000000000001", 1_000_000, Duration.ofMinutes(31)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetAPersonSendTheirPayOnFromAnEmployerThatPaidThemBefore() {
        // Given: a salary from a known payer, and most of it sent on at once (rent, a gift)
        final FactsBuilder facts = payment(1_000_000).payerActivity(activity()
                .received("6222000000000777", 1_200_000, Duration.ofMinutes(10)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.RAPID_PASS_THROUGH, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldJudgeTheShareSentOnAgainstEverythingReceived() {
        // Given: CNY 10,000 from a first-time payer besides a salary of CNY 15,000; CNY 9,000 sent on
        final ActivityBuilder salaryAndSale = activity()
                .received("6222000000000777", 1_500_000, Duration.ofMinutes(25))
                .receivedFirstPayment("6217000000000001", 1_000_000, Duration.ofMinutes(20));
        // And: the same CNY 10,000 besides a known payer's CNY 2,000; CNY 9,600 sent on
        final ActivityBuilder victimAndFriend = activity()
                .received("6222000000000777", 200_000, Duration.ofMinutes(25))
                .receivedFirstPayment("6217000000000001", 1_000_000, Duration.ofMinutes(20));

        // When / Then: 36% of CNY 25,000 is spending; 80% of CNY 12,000 is passing through
        assertThat(hitsOf(RuleIds.RAPID_PASS_THROUGH, payment(900_000).payerActivity(salaryAndSale))).isEmpty();
        assertThat(hitsOf(RuleIds.RAPID_PASS_THROUGH, payment(960_000).payerActivity(victimAndFriend))).hasSize(1);
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
                .receivedFirstPayment("6217000000000001", 1_000_000, Duration.ofMinutes(20))
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
