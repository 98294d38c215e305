package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.NOW;
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

/**
 * ELDERLY_TO_COLLECTION_ACCOUNT (养老诈骗 from the second victim): an elderly payer's large first
 * payment to a young account that already took a large first payment from someone else today.
 */
class ElderlyCollectionAccountRuleTest {

    private static final String EARLIER_VICTIM = "6222020200998877";

    @Test
    void shouldHoldTheSecondElderlyVictimOfAYoungAccount() {
        // Given
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
            assertThat(hit.getEvidence()).isEqualTo("payer aged 76 pays CNY 8,000.00 to account 6217…2333, opened "
                    + "5 d before it, which took first payments of CNY 5,000.00 or more from 2 distinct payers in 1 d, "
                    + "this one included; elderly from 60, young for 30 d, threshold 2");
        });
    }

    @Test
    void shouldLetTheFirstElderlyPayerOfAYoungAccountThroughToTheStepUp() {
        // A grandparent's first gift to a grandchild's new account: the payer-stage rules verify it.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity());

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountTheSamePayerTwice() {
        // A grandparent paying the same new account twice before the first settled is one payer.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(activity().receivedFirstPayment(PAYER, 600_000, Duration.ofMinutes(3)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountPayersTheAccountAlreadyKnew() {
        // The grandchild's salary or a parent's regular transfer is not a first payment.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(activity().received(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountSmallFirstPaymentsOrThoseBeforeTheWindow() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity()
                .receivedFirstPayment(EARLIER_VICTIM, 499_999, Duration.ofMinutes(40))
                .receivedFirstPayment("6222020200554433", 900_000, Duration.ofHours(25)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeAnAccountOpenedThirtyDaysAgo() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 30)
                .payeeActivity(activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeAPayerUnderSixtyOrAKnownPayee() {
        final ActivityBuilder earlierVictim =
                activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40));
        final FactsBuilder younger = payment(800_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1967)).payeeProfile(openedDaysAgo(5))
                .payeeActivity(earlierVictim);
        final FactsBuilder known = payment(800_000).payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(openedDaysAgo(5)).payeeActivity(
                        activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, younger)).as("aged 59").isEmpty();
        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, known)).as("known payee").isEmpty();
    }

    @Test
    void shouldNeverJudgeARegisteredMerchant() {
        final FactsBuilder facts = payment(800_000).toNewPayee().payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(openedDaysAgo(5).setMerchant(true))
                .payeeActivity(activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldTakeTheCountFromTheRuleset() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(activity().receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, Map.of("min.distinct.payers", 3L), facts)).isEmpty();
    }

    /** A first payment from a payer born in 1950 (76 in 2026) to an account opened {@code days} before. */
    private static FactsBuilder elderlyFirstPayment(final long amountMinor, final long days) {
        return payment(amountMinor).toNewPayee().payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(openedDaysAgo(days));
    }

    private static stoppay.v1.AccountProfile.Builder openedDaysAgo(final long days) {
        return account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(days)));
    }
}
