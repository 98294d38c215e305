package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.NOW;
import static io.stoppay.rules.FactsBuilder.PAYEE;
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

/** NEW_PAYEE_YOUNG_ACCOUNT: a first sizeable payment to an account opened within 30 days. */
class YoungPayeeAccountRuleTest {

    @Test
    void shouldReviewAFirstPaymentToAnAccountOpenedTwelveDaysAgo() {
        // Given
        final FactsBuilder facts = payment(800_000).toNewPayee().payeeProfile(openedDaysAgo(12));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.REVIEW);
            assertThat(hit.getWeight()).isEqualTo(35);
            assertThat(hit.getEvidence()).isEqualTo("first payment of CNY 8,000.00 to account 6217…2333, opened "
                    + "12 d before it; young for 30 d, from CNY 1,000.00");
        });
    }

    @Test
    void shouldNotJudgeAnAccountOpenedThirtyDaysAgo() {
        // Given
        final FactsBuilder facts = payment(800_000).toNewPayee().payeeProfile(openedDaysAgo(30));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeAPayeeThePayerPaidBefore() {
        // Given
        final FactsBuilder facts = payment(800_000).payeeProfile(openedDaysAgo(3));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeASmallPayment() {
        // Given
        final FactsBuilder facts = payment(99_999).toNewPayee().payeeProfile(openedDaysAgo(3));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts)).isEmpty();
    }

    /** Another bank's account: StopPay has no profile, so no age to judge. */
    @Test
    void shouldNotJudgeAPayeeWithoutAProfile() {
        // Given
        final FactsBuilder facts = payment(800_000).toNewPayee();

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts)).isEmpty();
    }

    /** A profile stamped a little after the payment (clocks apart) is as young as can be. */
    @Test
    void shouldTreatAnAccountOpenedAfterThePaymentAsYoung() {
        // Given
        final FactsBuilder facts = payment(800_000).toNewPayee()
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.plus(Duration.ofMinutes(2))));

        // When / Then
        assertThat(hitsOf(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, facts)).hasSize(1);
    }

    private static AccountProfile.Builder openedDaysAgo(final long days) {
        return account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(days)));
    }
}
