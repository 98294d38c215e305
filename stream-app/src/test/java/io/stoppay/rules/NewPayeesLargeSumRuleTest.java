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
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** NEW_PAYEES_LARGE_SUM: a person sends CNY 50,000 or more to two or more new payees within 30 minutes. */
class NewPayeesLargeSumRuleTest {

    @Test
    void shouldHoldThePaymentThatTakesTheSumToNewPayeesToTheThreshold() {
        // Given: CNY 30,000 to a new payee 20 minutes ago, now CNY 20,000 to another
        final FactsBuilder facts = payment(2_000_000).toNewPayee().payerProfile(person())
                .payerActivity(activity().paidNewPayee("6217000000000001", 3_000_000, Duration.ofMinutes(20)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(50);
            assertThat(hit.getEvidence()).isEqualTo("payer sends CNY 50,000.00 to 2 new payees in 30 min, this payment "
                    + "included; thresholds CNY 50,000.00 and 2 payees");
        });
    }

    @Test
    void shouldLetASumJustBelowTheThresholdPass() {
        // Given
        final FactsBuilder facts = payment(1_999_999).toNewPayee().payerProfile(person())
                .payerActivity(activity().paidNewPayee("6217000000000001", 3_000_000, Duration.ofMinutes(20)));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, facts)).isEmpty();
    }

    /** One large purchase or deposit is one payee: LARGE_TRANSFER's business. */
    @Test
    void shouldNotHitOneLargePaymentToOneNewPayee() {
        // Given
        final FactsBuilder facts = payment(20_000_000).toNewPayee().payerProfile(person())
                .payerActivity(activity().paidNewPayee(PAYEE, 1_000_000, Duration.ofMinutes(5)));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, facts)).isEmpty();
    }

    @Test
    void shouldNotCountPayeesPaidBeforeTheWindowOrAlreadyKnown() {
        // Given
        final FactsBuilder facts = payment(2_000_000).toNewPayee().payerProfile(person())
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 3_000_000, Duration.ofMinutes(31))
                        .paid("6217000000000002", 3_000_000, Duration.ofMinutes(5)));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeACompanyOrAPurchaseAtAMerchant() {
        // Given
        final FactsBuilder company = payment(2_000_000).toNewPayee().payerProfile(account(PAYER))
                .payerActivity(activity().paidNewPayee("6217000000000001", 3_000_000, Duration.ofMinutes(20)));
        final FactsBuilder shop = payment(2_000_000).toNewPayee().payerProfile(person())
                .payeeProfile(account(PAYEE).setMerchant(true))
                .payerActivity(activity().paidNewPayee("6217000000000001", 3_000_000, Duration.ofMinutes(20)));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, company)).isEmpty();
        assertThat(hitsOf(RuleIds.NEW_PAYEES_LARGE_SUM, shop)).isEmpty();
    }

    private static AccountProfile.Builder person() {
        return account(PAYER).setHolderBirthYear(1986);
    }
}
