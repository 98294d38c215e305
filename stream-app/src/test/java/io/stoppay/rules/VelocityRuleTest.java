package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/** PAYER_VELOCITY: more than 10 payments or CNY 20,000 out in 10 minutes, this payment included. */
class VelocityRuleTest {

    @Test
    void shouldFlagTheEleventhPaymentInTenMinutes() {
        // Given
        final FactsBuilder facts = payment(300_000).payerActivity(paidEveryMinute(10, 200_000));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.REVIEW);
            assertThat(hit.getWeight()).isEqualTo(30);
            assertThat(hit.getEvidence())
                    .isEqualTo("payer made 11 payments (CNY 23,000.00) in 10 min; limits 10 and CNY 20,000.00");
        });
    }

    @Test
    void shouldLetTheTenthPaymentInTenMinutesPass() {
        // Given
        final FactsBuilder facts = payment(100).payerActivity(paidEveryMinute(9, 100));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCountAPaymentJustOutsideTheWindow() {
        // Given
        final FactsBuilder facts = payment(100).payerActivity(paidEveryMinute(9, 100)
                .paid("6217000000009999", 100, Duration.ofMinutes(10).plusMillis(1)));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldFlagThePaymentThatTakesTheAmountPastTheLimit() {
        // Given
        final FactsBuilder facts = payment(100_001).payerActivity(paidEveryMinute(2, 950_000));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("payer made 3 payments (CNY 20,000.01) in 10 min; limits 10 and CNY 20,000.00");
    }

    @Test
    void shouldLetThePaymentThatReachesTheAmountLimitExactlyPass() {
        // Given
        final FactsBuilder facts = payment(100_000).payerActivity(paidEveryMinute(2, 950_000));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldCountButNotAddUpPaymentsInAnotherCurrency() {
        // Given
        final FactsBuilder facts = payment(9_000_000).currency("USD").payerActivity(paidEveryMinute(10, 100));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("payer made 11 payments in 10 min; limit 10");
    }

    @Test
    void shouldTakeWindowAndLimitsFromTheRuleset() {
        // Given
        final FactsBuilder facts = payment(100).payerActivity(paidEveryMinute(3, 100));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_VELOCITY,
                Map.of("window.ms", Duration.ofMinutes(2).toMillis(), "max.count", 2L), facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString()
                .startsWith("payer made 3 payments (CNY 3.00) in 2 min; limits 2 and");
    }

    /** {@code count} payments, one a minute back from now, the oldest exactly {@code count} minutes ago. */
    private static ActivityBuilder paidEveryMinute(final int count, final long amountMinor) {
        final ActivityBuilder activity = activity();
        for (int minute = 1; minute <= count; minute++) {
            activity.paid("62170000000000" + minute, amountMinor, Duration.ofMinutes(minute));
        }
        return activity;
    }
}
