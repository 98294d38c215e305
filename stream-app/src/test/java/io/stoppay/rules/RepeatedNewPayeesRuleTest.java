package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.PAYEE;
import static io.stoppay.rules.FactsBuilder.PAYER;
import static io.stoppay.rules.FactsBuilder.account;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** REPEATED_NEW_PAYEES: the third new payee in 30 minutes, a victim being walked through transfers. */
class RepeatedNewPayeesRuleTest {

    @Test
    void shouldReviewThePaymentToTheThirdNewPayee() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.REVIEW);
            assertThat(hit.getWeight()).isEqualTo(45);
            assertThat(hit.getEvidence()).isEqualTo(
                    "payer pays 3 new payees CNY 1,000.00 or more each in 30 min, this one included; threshold 3");
        });
    }

    @Test
    void shouldLetThePaymentToTheSecondNewPayeePass() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(activity()
                .paidNewPayee("6217000000000001", 100_000, Duration.ofMinutes(5))
                .paidNewPayee("6217000000000002", 100_000, Duration.ofMinutes(31)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetAPaymentToAKnownPayeePassAfterNewOnes() {
        // Given
        final FactsBuilder facts = payment(100_000).payerActivity(twoNewPayees());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /**
     * A payee stays "new" until the settlement of the first payment to it comes back from the
     * payee's task; under a backlog (after a crash) a family transfer repeated quickly was counted
     * again and again, and ordinary payers were held.
     */
    @Test
    void shouldCountOneNewPayeePaidSeveralTimesOnce() {
        // Given: two earlier payments to this same payee, both still marked new
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(activity()
                .paidNewPayee(PAYEE, 100_000, Duration.ofMinutes(4))
                .paidNewPayee(PAYEE, 100_000, Duration.ofMinutes(2)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTakeTheCountFromTheRuleset() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, Map.of("min.count", 4L), facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /** Split bills and red packets: small sums to new payees are everyday life, not a walk. */
    @Test
    void shouldNotCountNewPayeesPaidLessThanTheMinimum() {
        // Given: two earlier new payees paid 999.99 and 88
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(activity()
                .paidNewPayee("6217000000000001", 99_999, Duration.ofMinutes(5))
                .paidNewPayee("6217000000000002", 8_800, Duration.ofMinutes(3)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotHitASmallPaymentAfterLargeOnes() {
        // Given
        final FactsBuilder facts = payment(52_000).toNewPayee().payerActivity(twoNewPayees());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTakeTheMinimumAmountFromTheRuleset() {
        // Given
        final FactsBuilder facts = payment(52_000).toNewPayee().payerActivity(activity()
                .paidNewPayee("6217000000000001", 8_800, Duration.ofMinutes(5))
                .paidNewPayee("6217000000000002", 8_800, Duration.ofMinutes(3)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.REPEATED_NEW_PAYEES, Map.of("min.amount.minor", 8_800L), facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString()
                .startsWith("payer pays 3 new payees CNY 88.00 or more each");
    }

    /** Without FX conversion, amounts compare in minor units whatever the currency: USD 50.00 is below CNY 1,000.00. */
    @Test
    void shouldCompareAPaymentInAnotherCurrencyInMinorUnits() {
        // Given
        final FactsBuilder small = payment(5_000).currency("USD").toNewPayee().payerActivity(twoNewPayees());
        final FactsBuilder large = payment(150_000).currency("USD").toNewPayee().payerActivity(twoNewPayees());

        // When / Then
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, small)).isEmpty();
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, large)).hasSize(1);
    }

    @Test
    void shouldNotJudgeAMerchantRefundingItsCustomers() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees())
                .payerProfile(account(PAYER).setMerchant(true).setHolderBirthYear(1980));

        // When / Then
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts)).isEmpty();
    }

    /** A company (no holder birth year) paying its payroll or suppliers is not a person walked. */
    @Test
    void shouldNotJudgeACompany() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees())
                .payerProfile(account(PAYER));

        // When / Then
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts)).isEmpty();
    }

    /** A wealthy person whose bank raised their limit is walked like anyone else. */
    @Test
    void shouldJudgeAPersonWhateverTheirLimit() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees())
                .payerProfile(account(PAYER).setHolderBirthYear(1970).setDailyNonCounterLimitMinor(100_000_000L));

        // When / Then
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts)).hasSize(1);
    }

    @Test
    void shouldNotCountAPurchaseAtARegisteredMerchant() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payerActivity(twoNewPayees())
                .payeeProfile(account(PAYEE).setMerchant(true));

        // When / Then
        assertThat(hitsOf(RuleIds.REPEATED_NEW_PAYEES, facts)).isEmpty();
    }

    private static ActivityBuilder twoNewPayees() {
        return activity()
                .paidNewPayee("6217000000000001", 100_000, Duration.ofMinutes(25))
                .paidNewPayee("6217000000000002", 100_000, Duration.ofMinutes(5))
                .paid("6217000000000003", 100_000, Duration.ofMinutes(3));
    }
}
