package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
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

/** NEW_ACCOUNT_LARGE_INFLOW: an account under 30 days old receiving CNY 50,000 within a day. */
class NewAccountInflowRuleTest {

    @Test
    void shouldHoldThePaymentThatTakesANewAccountToCnyFiftyThousand() {
        // Given
        final FactsBuilder facts = paymentOf(1_000_000).payeeProfile(openedAgo(Duration.ofDays(3)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
            assertThat(hit.getEvidence()).isEqualTo("payee account 6217…2333 opened 3 d before this payment receives "
                    + "CNY 50,000.00 in 1 d, this payment of CNY 10,000.00 included; new for 30 d, threshold CNY 50,000.00");
        });
    }

    @Test
    void shouldLetANewAccountReceiveJustBelowTheThreshold() {
        // Given
        final FactsBuilder facts = paymentOf(999_999).payeeProfile(openedAgo(Duration.ofDays(3)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldHoldAnAccountJustUnderThirtyDaysOld() {
        // Given
        final FactsBuilder facts = paymentOf(1_000_000).payeeProfile(openedAgo(Duration.ofDays(30).minusMillis(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().contains("opened 29 d before");
    }

    @Test
    void shouldLetAnAccountThirtyDaysOldReceive() {
        // Given
        final FactsBuilder facts = paymentOf(1_000_000).payeeProfile(openedAgo(Duration.ofDays(30)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotJudgeTheAgeOfAnAccountWithoutProfile() {
        // Given
        final FactsBuilder facts = paymentOf(9_000_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /** A payment of {@code amountMinor} to a payee that received CNY 40,000 in the last 23 hours. */
    private static FactsBuilder paymentOf(final long amountMinor) {
        return payment(amountMinor).payeeActivity(activity()
                .received("6222000000000001", 3_000_000, Duration.ofHours(23))
                .received("6222000000000002", 1_000_000, Duration.ofHours(2)));
    }

    private static AccountProfile.Builder openedAgo(final Duration age) {
        return account(FactsBuilder.PAYEE).setOpenedAt(FactsBuilder.NOW.minus(age));
    }
}
