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
 * ELDERLY_TO_COLLECTION_ACCOUNT (养老诈骗 from the third victim): an elderly payer's large first
 * payment to a young account that already took large first payments from two others today.
 */
class ElderlyCollectionAccountRuleTest {

    private static final String EARLIER_VICTIM = "6222020200998877";
    private static final String FIRST_VICTIM = "6222020200776655";

    @Test
    void shouldHoldTheThirdElderlyVictimOfAYoungAccount() {
        // Given
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(twoEarlierVictims());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
            assertThat(hit.getEvidence()).isEqualTo("payer aged 76 pays CNY 8,000.00 to account 6217…2333, opened "
                    + "5 d before it, which took first payments of CNY 5,000.00 or more from 3 distinct payers in 1 d, "
                    + "this one included; elderly from 60, young for 30 d, threshold 3");
        });
    }

    @Test
    void shouldLetTheFirstElderlyPayerOfAYoungAccountThroughToTheStepUp() {
        // A grandparent's first gift to a grandchild's new account: the payer-stage rules verify it.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity());

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldLetTheSecondGrandparentsGiftOnTheSameDayThroughToTheStepUp() {
        // Both grandparents, or a parent and a grandparent, pay a student's new account on one day.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(activity().receivedFirstPayment(EARLIER_VICTIM, 800_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountTheSamePayerTwice() {
        // A grandparent paying the same new account twice before the first settled is one payer.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity()
                .receivedFirstPayment(FIRST_VICTIM, 1_200_000, Duration.ofHours(2))
                .receivedFirstPayment(PAYER, 600_000, Duration.ofMinutes(3)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountPayersTheAccountAlreadyKnew() {
        // A parent's regular transfer is not a first payment.
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity()
                .receivedFirstPayment(FIRST_VICTIM, 1_200_000, Duration.ofHours(2))
                .received(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotCountSmallFirstPaymentsOrThoseBeforeTheWindow() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5).payeeActivity(activity()
                .receivedFirstPayment(FIRST_VICTIM, 1_200_000, Duration.ofHours(2))
                .receivedFirstPayment(EARLIER_VICTIM, 499_999, Duration.ofMinutes(40))
                .receivedFirstPayment("6222020200554433", 900_000, Duration.ofHours(25)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeAnAccountOpenedThirtyDaysAgo() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 30)
                .payeeActivity(twoEarlierVictims());

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldNotJudgeAPayerUnderSixty() {
        final ActivityBuilder earlierVictims = twoEarlierVictims();
        final FactsBuilder younger = payment(800_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1967)).payeeProfile(openedDaysAgo(5))
                .payeeActivity(earlierVictims);

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, younger)).as("aged 59").isEmpty();
    }

    /** A victim paying the collection account again: known to them by then, and held all the same. */
    @Test
    void shouldHoldAnElderlyVictimsSecondPaymentToTheAccount() {
        final FactsBuilder again = payment(800_000).payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(openedDaysAgo(5)).payeeActivity(twoEarlierVictims()
                        .receivedFirstPayment(PAYER, 600_000, Duration.ofHours(5)));

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, again)).hasSize(1);
    }

    @Test
    void shouldNeverJudgeARegisteredMerchant() {
        final FactsBuilder facts = payment(800_000).toNewPayee().payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(openedDaysAgo(5).setMerchant(true))
                .payeeActivity(twoEarlierVictims());

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, facts)).isEmpty();
    }

    @Test
    void shouldTakeTheCountFromTheRuleset() {
        final FactsBuilder facts = elderlyFirstPayment(800_000, 5)
                .payeeActivity(twoEarlierVictims());

        assertThat(hitsOf(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, Map.of("min.distinct.payers", 4L), facts)).isEmpty();
    }

    /** Two victims' first payments today: CNY 12,000 two hours ago, CNY 12,000 forty minutes ago. */
    private static ActivityBuilder twoEarlierVictims() {
        return activity().receivedFirstPayment(FIRST_VICTIM, 1_200_000, Duration.ofHours(2))
                .receivedFirstPayment(EARLIER_VICTIM, 1_200_000, Duration.ofMinutes(40));
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
