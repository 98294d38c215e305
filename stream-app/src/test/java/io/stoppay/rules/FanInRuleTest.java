package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
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

/** PAYEE_FAN_IN (跑分): five distinct payers into one account within an hour, this payer included. */
class FanInRuleTest {

    @Test
    void shouldHoldThePaymentOfTheFifthDistinctPayer() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(4));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
            assertThat(hit.getEvidence()).isEqualTo("payee received first payments of CNY 1,000.00 or more from 5 distinct payers in 40 min; "
                    + "threshold 5");
        });
    }

    @Test
    void shouldLetThePaymentOfTheFourthDistinctPayerPass() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(3));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountAPayerWhoPaidBeforeTwice() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(3)
                .receivedFirstPayment(FactsBuilder.PAYER, 100_000, Duration.ofMinutes(5)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountAPayerJustOutsideTheWindow() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(3)
                .receivedFirstPayment("6222000000000099", 100_000, Duration.ofHours(1).plusMillis(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldSayHowLongItTookToCollectThePayers() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(activity()
                .receivedFirstPayment("6222000000000001", 100_000, Duration.ofMinutes(38))
                .receivedFirstPayment("6222000000000002", 100_000, Duration.ofMinutes(30))
                .receivedFirstPayment("6222000000000003", 100_000, Duration.ofMinutes(20))
                .receivedFirstPayment("6222000000000004", 100_000, Duration.ofMinutes(10))
                .receivedFirstPayment("6222000000000005", 100_000, Duration.ofMinutes(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("payee received first payments of CNY 1,000.00 or more from 6 distinct payers in 38 min; threshold 5");
    }

    /** Friends settling a shared dinner (AA制): many payers, small sums. */
    @Test
    void shouldNotCountPayersOfLessThanTheMinimum() {
        // Given: four payers of 1,000 and, earlier still, three of 999.99 and 88
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(3)
                .receivedFirstPayment("6222000000000091", 99_999, Duration.ofMinutes(50))
                .received("6222000000000092", 8_800, Duration.ofMinutes(55)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotHitASmallPaymentToAnAccountThatCollectedFromMany() {
        // Given
        final FactsBuilder facts = payment(52_000).payeeActivity(paidByDistinctPayers(4));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTimeTheCollectionFromTheFirstPayerThatCounts() {
        // Given: a red packet of 88 an hour ago does not start the collection
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(4)
                .received("6222000000000092", 8_800, Duration.ofMinutes(59)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().contains("in 40 min");
    }

    /** Without FX conversion, minor units whatever the currency: USD 0.01 is not a victim's payment. */
    @Test
    void shouldCompareAPaymentInAnotherCurrencyInMinorUnits() {
        // Given
        final FactsBuilder cent = payment(1).currency("USD").payeeActivity(paidByDistinctPayers(4));

        // When / Then
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, cent)).isEmpty();
    }

    /** 跑分 for gambling top-ups: many payers, CNY 500 each. The twentieth is held. */
    @Test
    void shouldHoldTheTwentiethDistinctPayerOfSmallSums() {
        // Given: 19 payers of CNY 500 (or CNY 999.99, just below the amount) within the hour
        final ActivityBuilder nineteen = activity();
        for (int payer = 1; payer <= 19; payer++) {
            nineteen.received("6222000000001" + (100 + payer), payer % 2 == 0 ? 50_000 : 99_999, Duration.ofMinutes(2L * payer));
        }
        final FactsBuilder twentieth = payment(50_000).payeeActivity(nineteen);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, twentieth);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString()
                .isEqualTo("payee received from 20 distinct payers in 38 min, any amount; threshold 20");
    }

    @Test
    void shouldLetTheNineteenthDistinctPayerOfSmallSumsPass() {
        // Given
        final ActivityBuilder eighteen = activity();
        for (int payer = 1; payer <= 18; payer++) {
            eighteen.received("6222000000001" + (100 + payer), 50_000, Duration.ofMinutes(2L * payer));
        }

        // When / Then
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, payment(50_000).payeeActivity(eighteen))).isEmpty();
    }

    @Test
    void shouldNeverHoldARegisteredMerchantOnFanInAlone() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeProfile(account(FactsBuilder.PAYEE).setMerchant(true))
                .payeeActivity(paidByDistinctPayers(50));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTakeTheCountFromTheRuleset() {
        // Given
        final FactsBuilder facts = payment(100_000).toNewPayee().payeeActivity(paidByDistinctPayers(4));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYEE_FAN_IN, Map.of("min.distinct.payers", 6L), facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /** A trip's organiser paid back by friends who paid them before: not a collection account. */
    @Test
    void shouldNotCountPayersThatPaidTheAccountBefore() {
        // Given
        final ActivityBuilder friends = activity();
        for (int payer = 1; payer <= 5; payer++) {
            friends.received("62220000000000" + (10 + payer), 125_060, Duration.ofMinutes(payer));
        }

        // When / Then
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, payment(125_060).toNewPayee().payeeActivity(friends))).isEmpty();
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, payment(100_000).payeeActivity(paidByDistinctPayers(4))))
                .as("the fifth payer paid the account before too").isEmpty();
    }

    /** A company's or a merchant's first payment (a new hire's salary, a refund) is not a victim's. */
    @Test
    void shouldNotCountAFirstPaymentFromACompany() {
        // Given
        final FactsBuilder salary = payment(100_000).toNewPayee()
                .payerProfile(account(FactsBuilder.PAYER).setHolderBirthYear(null)).payeeActivity(paidByDistinctPayers(4));
        final FactsBuilder refund = payment(100_000).toNewPayee()
                .payerProfile(account(FactsBuilder.PAYER).setMerchant(true)).payeeActivity(paidByDistinctPayers(4));

        // When / Then
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, salary)).isEmpty();
        assertThat(hitsOf(RuleIds.PAYEE_FAN_IN, refund)).isEmpty();
    }

    /** {@code count} payers, one every ten minutes back from now. */
    private static ActivityBuilder paidByDistinctPayers(final int count) {
        final ActivityBuilder activity = activity();
        for (int payer = 1; payer <= count; payer++) {
            activity.receivedFirstPayment("62220000000000" + (10 + payer), 100_000, Duration.ofMinutes(10L * payer));
        }
        return activity;
    }
}
