package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.account;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** DORMANT_PAYER_REACTIVATED and DORMANT_PAYEE_REACTIVATED (长期不动户): 180 days still, then CNY 5,000. */
class DormantAccountRulesTest {

    private static final Duration DORMANT = Duration.ofDays(180);

    @Test
    void shouldAskForVerificationWhenAPayerStillFor180DaysPaysCnyFiveThousand() {
        // Given
        final FactsBuilder facts = payment(500_000).payerActivity(activity().lastActive(DORMANT));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(hit.getWeight()).isEqualTo(40);
            assertThat(hit.getEvidence()).isEqualTo("payer account 6222…2233 was last active 180 d before this payment "
                    + "and sends CNY 5,000.00; dormant from 180 d, large from CNY 5,000.00");
        });
    }

    @Test
    void shouldLetAPayerActiveJustUnder180DaysAgoPay() {
        // Given
        final FactsBuilder facts = payment(500_000).payerActivity(activity().lastActive(DORMANT.minusMillis(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetADormantPayerPayJustBelowTheThreshold() {
        // Given
        final FactsBuilder facts = payment(499_999).payerActivity(activity().lastActive(DORMANT));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldFallBackToTheProfileWhenStopPayHasNotSeenThePayer() {
        // Given
        final FactsBuilder facts = payment(500_000)
                .payerProfile(account(FactsBuilder.PAYER).setLastActiveAt(FactsBuilder.NOW.minus(Duration.ofDays(400))));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().contains("last active 400 d before");
    }

    @Test
    void shouldPreferWhatStopPaySawToAnOlderProfile() {
        // Given
        final FactsBuilder facts = payment(500_000)
                .payerActivity(activity().lastActive(Duration.ofDays(2)))
                .payerProfile(account(FactsBuilder.PAYER).setLastActiveAt(FactsBuilder.NOW.minus(Duration.ofDays(400))));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    /**
     * A bank that backfills 180 days of transfers: StopPay's memory of the account is a transfer 200
     * days old, while the profile published last night says it was active 10 days ago (a card payment
     * the history did not include). The later of the two is when it was last active.
     */
    @Test
    void shouldTakeTheProfileWhenItKnowsOfLaterActivityThanStopPaySaw() {
        // Given
        final FactsBuilder facts = payment(500_000)
                .payerActivity(activity().lastActive(Duration.ofDays(200)))
                .payerProfile(account(FactsBuilder.PAYER).setLastActiveAt(FactsBuilder.NOW.minus(Duration.ofDays(10))));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotTakeAPayerNobodyKnowsForDormant() {
        // Given
        final FactsBuilder facts = payment(9_000_000).payerProfile(account(FactsBuilder.PAYER));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYER_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldAskForVerificationWhenAPayeeStillFor180DaysReceivesCnyFiveThousand() {
        // Given
        final FactsBuilder facts = payment(500_000).payeeActivity(activity().lastActive(DORMANT.plusDays(10)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYEE_REACTIVATED, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).isEqualTo("payee account 6217…2333 was last "
                + "active 190 d before this payment and receives CNY 5,000.00; dormant from 180 d, large from CNY 5,000.00");
    }

    @Test
    void shouldLetAPayeeActiveJustUnder180DaysAgoReceive() {
        // Given
        final FactsBuilder facts = payment(500_000).payeeActivity(activity().lastActive(DORMANT.minusMillis(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DORMANT_PAYEE_REACTIVATED, facts);

        // Then
        assertThat(hits).isEmpty();
    }
}
