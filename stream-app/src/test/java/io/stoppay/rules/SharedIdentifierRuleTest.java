package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/** 一人多卡 and 人卡分离: an identifier standing for many accounts. */
class SharedIdentifierRuleTest {

    @Test
    void shouldFlagAPayeeHolderLinkedToAsManyAccountsAsTheThreshold() {
        // Given a payee whose ID is linked to five accounts and cards
        final FactsBuilder facts = payment(10_000).subjectUsedBy("payee ID", SubjectType.ID_NUMBER, "a1b2c3d4e5", 5);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ONE_PERSON_MANY_CARDS, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence)
                .isEqualTo("payee ID a1b2… is linked to 5 accounts and cards; threshold 5");
    }

    @Test
    void shouldNotFlagAHolderBelowTheThreshold() {
        final FactsBuilder facts = payment(10_000).subjectUsedBy("payer ID", SubjectType.ID_NUMBER, "a1b2c3d4e5", 4);

        assertThat(hitsOf(RuleIds.ONE_PERSON_MANY_CARDS, facts)).isEmpty();
    }

    @Test
    void shouldHoldAPaymentFromADeviceManyPayerAccountsUse() {
        final FactsBuilder facts = payment(10_000).subjectUsedBy("payer device", SubjectType.DEVICE, "dev-farm-01", 7);

        final List<RuleHit> hits = hitsOf(RuleIds.SHARED_DEVICE, facts);

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getEvidence()).isEqualTo("payer device dev-… was used by 7 payer accounts; threshold 5");
            assertThat(hit.getAction()).isEqualTo(stoppay.v1.Action.HOLD);
        });
    }

    @Test
    void shouldLookAtDevicesOnlyForTheDeviceRuleAndIpsOnlyForTheIpRule() {
        final FactsBuilder facts = payment(10_000).subjectUsedBy("payer IP", SubjectType.IP, "203.0.113.9", 7);

        assertThat(hitsOf(RuleIds.SHARED_DEVICE, facts)).isEmpty();
        assertThat(hitsOf(RuleIds.SHARED_IP, Map.of("min.accounts", 6L), facts)).singleElement()
                .extracting(RuleHit::getEvidence).isEqualTo("payer IP 203.0.*.* was used by 7 payer accounts; threshold 6");
    }
}
