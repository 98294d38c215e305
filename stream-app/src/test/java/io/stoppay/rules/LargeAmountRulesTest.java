package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.RuleHit;

/** LARGE_TRANSFER, CROSS_BORDER_LARGE, DIGITAL_RMB_LARGE: a large payment asks for step-up verification. */
class LargeAmountRulesTest {

    @Test
    void shouldAskForVerificationOfATransferOfCnyFiftyThousand() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.LARGE_TRANSFER, payment(5_000_000));

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(hit.getWeight()).isEqualTo(30);
            assertThat(hit.getEvidence()).isEqualTo("payment of CNY 50,000.00 is at least CNY 50,000.00");
        });
    }

    @Test
    void shouldLetATransferJustBelowTheThresholdPass() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.LARGE_TRANSFER, payment(4_999_999));

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotCompareAPaymentInAnotherCurrency() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.LARGE_TRANSFER, payment(900_000_000).currency("JPY"));

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldAskForVerificationOfACrossBorderPaymentOfCnyTwentyThousand() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.CROSS_BORDER_LARGE, payment(2_000_000).crossBorder());

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("cross-border payment of CNY 20,000.00 is at least CNY 20,000.00");
    }

    @Test
    void shouldLetACrossBorderPaymentJustBelowTheThresholdPass() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.CROSS_BORDER_LARGE, payment(1_999_999).crossBorder());

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotTakeADomesticPaymentForACrossBorderOne() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.CROSS_BORDER_LARGE, payment(2_000_000));

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldAskForVerificationOfADigitalRmbPaymentOfCnyTenThousand() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DIGITAL_RMB_LARGE, payment(1_000_000).channel(Channel.DIGITAL_RMB));

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("digital RMB payment of CNY 10,000.00 is at least CNY 10,000.00");
    }

    @Test
    void shouldLetADigitalRmbPaymentJustBelowTheThresholdPass() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DIGITAL_RMB_LARGE, payment(999_999).channel(Channel.DIGITAL_RMB));

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldNotTakeAMobileBankingPaymentForADigitalRmbOne() {
        // When
        final List<RuleHit> hits = hitsOf(RuleIds.DIGITAL_RMB_LARGE, payment(1_000_000));

        // Then
        assertThat(hits).isEmpty();
    }
}
