package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.account;
import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.RuleHit;

/** DAILY_NON_COUNTER_LIMIT (非柜面交易限额): the class default, unless the account has its own. */
class DailyLimitRuleTest {

    @Test
    void shouldHoldAClassTwoPaymentThatTakesTheDayPastCnyTenThousand() {
        // Given
        final FactsBuilder facts = classTwoPayerPays(200_001).nonCounterToday(800_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DAILY_NON_COUNTER_LIMIT, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(50);
            assertThat(hit.getEvidence()).isEqualTo("payer CLASS_II account 6222…2233 would pay CNY 10,000.01 "
                    + "through non-counter channels today (CNY 8,000.00 before this payment); daily limit CNY 10,000.00");
        });
    }

    @Test
    void shouldLetAClassTwoPaymentReachTheLimitExactly() {
        // Given
        final FactsBuilder facts = classTwoPayerPays(200_000).nonCounterToday(800_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DAILY_NON_COUNTER_LIMIT, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldPreferTheAccountsOwnLimitToTheClassDefault() {
        // Given
        final FactsBuilder facts = payment(300_001)
                .payerProfile(account(FactsBuilder.PAYER).setAccountClass(AccountClass.CLASS_II)
                        .setDailyNonCounterLimitMinor(300_000L));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DAILY_NON_COUNTER_LIMIT, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().endsWith("daily limit CNY 3,000.00");
    }

    @Test
    void shouldTakeTheClassDefaultFromTheRuleset() {
        // Given
        final FactsBuilder facts = classTwoPayerPays(500_001);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DAILY_NON_COUNTER_LIMIT, Map.of("class.ii.limit.minor", 500_000L), facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().endsWith("daily limit CNY 5,000.00");
    }

    @Test
    void shouldNotCountACounterPayment() {
        // Given
        final FactsBuilder facts = classTwoPayerPays(5_000_000).channel(Channel.COUNTER);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DAILY_NON_COUNTER_LIMIT, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    private static FactsBuilder classTwoPayerPays(final long amountMinor) {
        return payment(amountMinor).payerProfile(account(FactsBuilder.PAYER).setAccountClass(AccountClass.CLASS_II));
    }
}
