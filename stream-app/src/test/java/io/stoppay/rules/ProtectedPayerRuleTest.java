package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/** PAYER_PROTECTED_LARGE: a VICTIM_WATCH payer's large payment is held (预警劝阻). */
class ProtectedPayerRuleTest {

    @Test
    void shouldHoldAWatchedPayersPaymentOfTheThreshold() {
        // Given
        final FactsBuilder facts = watchedPayerPays(500_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_PROTECTED_LARGE, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
            assertThat(hit.getEvidence()).isEqualTo("payer phone 139****0079 is under VICTIM_WATCH (source "
                    + "PSB-510104) and sends CNY 5,000.00, at least CNY 5,000.00");
        });
    }

    @Test
    void shouldLetAWatchedPayerPayJustBelowTheThreshold() {
        // Given
        final FactsBuilder facts = watchedPayerPays(499_999);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_PROTECTED_LARGE, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldTakeTheThresholdFromTheRuleset() {
        // Given
        final FactsBuilder facts = watchedPayerPays(100_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_PROTECTED_LARGE, Map.of("min.amount.minor", 100_000L), facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString().endsWith("at least CNY 1,000.00");
    }

    @Test
    void shouldNotCompareAPaymentInAnotherCurrency() {
        // Given
        final FactsBuilder facts = watchedPayerPays(9_000_000).currency("USD");

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.PAYER_PROTECTED_LARGE, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    private static FactsBuilder watchedPayerPays(final long amountMinor) {
        return payment(amountMinor).payerSubject("payer phone", SubjectType.PHONE, "13900000079",
                Restriction.newBuilder()
                        .setListedType(SubjectType.PHONE)
                        .setListedId("13900000079")
                        .setListType(ListType.VICTIM_WATCH)
                        .setRiskLevel(1)
                        .setSource("PSB-510104")
                        .setHops(0)
                        .build());
    }
}
