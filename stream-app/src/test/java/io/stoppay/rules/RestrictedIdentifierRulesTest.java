package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.decide;
import static io.stoppay.rules.TestRuleSets.hitsOf;
import static io.stoppay.rules.TestRuleSets.rule;
import static io.stoppay.rules.TestRuleSets.ruleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.LinkHop;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;
import stoppay.v1.RuleSet;
import stoppay.v1.SubjectType;

/** 一处涉诈、两卡受限: *_RESTRICTED stops, *_LINKED holds, CHANNEL_RESTRICTED holds device and IP. */
class RestrictedIdentifierRulesTest {

    private static final String PAYEE_PHONE = "13800005678";
    private static final String PAYEE_CARD = "6228480000001234";

    private static final RuleSet PARTY_RULES = ruleSet(
            rule(RuleIds.PAYEE_RESTRICTED), rule(RuleIds.PAYEE_LINKED),
            rule(RuleIds.PAYER_RESTRICTED), rule(RuleIds.PAYER_LINKED),
            rule(RuleIds.CHANNEL_RESTRICTED)).build();

    @Test
    void shouldStopAPaymentToAPayeeAccountListedItself() {
        // Given
        final FactsBuilder facts = payment(300_000)
                .payeeSubject("payee account", SubjectType.ACCOUNT, FactsBuilder.PAYEE, listedItself(ListType.FRAUD_ACCOUNT, 2));

        // When
        final Verdict verdict = decide(PARTY_RULES, facts);

        // Then
        assertThat(verdict.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("PAYEE_RESTRICTED");
            assertThat(hit.getAction()).isEqualTo(Action.STOP_PAYMENT);
            assertThat(hit.getWeight()).isEqualTo(100);
            assertThat(hit.getEvidence()).isEqualTo("payee account 6217…2333 is listed as FRAUD_ACCOUNT, level 2, "
                    + "source PSB-320600-antifraud-centre, case 2026-XX-123");
        });
        assertThat(verdict.action()).isEqualTo(Action.STOP_PAYMENT);
    }

    @Test
    void shouldStopAPaymentToAPhoneOneHopFromALevelThreeListing() {
        // Given
        final FactsBuilder facts = payment(300_000)
                .payeeSubject("payee phone", SubjectType.PHONE, PAYEE_PHONE, linked(3, LinkKind.CARD_PHONE));

        // When
        final List<RuleHit> hits = decide(PARTY_RULES, facts).hits();

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("PAYEE_RESTRICTED");
            assertThat(hit.getEvidence()).isEqualTo("payee phone 138****5678 is linked to FRAUD_ACCOUNT card "
                    + "6228…1234 via CARD_PHONE (1 hop), level 3, source PSB-320600-antifraud-centre, case 2026-XX-123");
        });
    }

    @Test
    void shouldHoldAPaymentToAPhoneOneHopFromALowerLevelListing() {
        // Given
        final FactsBuilder facts = payment(300_000)
                .payeeSubject("payee phone", SubjectType.PHONE, PAYEE_PHONE, linked(2, LinkKind.CARD_PHONE));

        // When
        final List<RuleHit> hits = decide(PARTY_RULES, facts).hits();

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("PAYEE_LINKED");
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(70);
        });
    }

    @Test
    void shouldHoldAPaymentToAnAccountTwoHopsFromALevelThreeListing() {
        // Given
        final FactsBuilder facts = payment(300_000).payeeSubject("payee account", SubjectType.ACCOUNT,
                FactsBuilder.PAYEE, linked(3, LinkKind.HOLDER_PHONE, LinkKind.CARD_PHONE));

        // When
        final Verdict verdict = decide(PARTY_RULES, facts);

        // Then
        assertThat(verdict.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("PAYEE_LINKED");
            assertThat(hit.getEvidence()).contains("via HOLDER_PHONE → CARD_PHONE (2 hops)");
        });
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
    }

    @Test
    void shouldMoveTheBoundaryOfBothRulesOfASideWhenTheRestrictedRuleWidensIt() {
        // Given
        final RuleSet widened = ruleSet(
                rule(RuleIds.PAYEE_RESTRICTED).setParams(Map.of("strong.max.hops", 2L)), rule(RuleIds.PAYEE_LINKED))
                .build();
        final FactsBuilder facts = payment(300_000).payeeSubject("payee account", SubjectType.ACCOUNT,
                FactsBuilder.PAYEE, linked(3, LinkKind.HOLDER_PHONE, LinkKind.CARD_PHONE));

        // When
        final List<RuleHit> hits = decide(widened, facts).hits();

        // Then
        assertThat(hits).extracting(RuleHit::getRuleId).containsExactly("PAYEE_RESTRICTED");
    }

    @Test
    void shouldHitOncePerRestrictedIdentifier() {
        // Given
        final FactsBuilder facts = payment(300_000)
                .payeeSubject("payee account", SubjectType.ACCOUNT, FactsBuilder.PAYEE, listedItself(ListType.FRAUD_ACCOUNT, 3))
                .payeeSubject("payee phone", SubjectType.PHONE, PAYEE_PHONE, linked(2, LinkKind.CARD_PHONE))
                .payeeSubject("payee card", SubjectType.CARD, PAYEE_CARD);

        // When
        final List<RuleHit> hits = decide(PARTY_RULES, facts).hits();

        // Then
        assertThat(hits).extracting(RuleHit::getRuleId).containsExactly("PAYEE_RESTRICTED", "PAYEE_LINKED");
    }

    @Test
    void shouldStopAListedPayerAccountButOnlyHoldItsRestrictedIp() {
        // Given
        final FactsBuilder facts = payment(50_000)
                .payerSubject("payer account", SubjectType.ACCOUNT, FactsBuilder.PAYER, listedItself(ListType.ACCOUNT_TRADER, 3))
                .payerSubject("payer IP", SubjectType.IP, "203.0.113.7", listedItself(ListType.HIGH_RISK_IP, 3));

        // When
        final List<RuleHit> hits = decide(PARTY_RULES, facts).hits();

        // Then
        assertThat(hits).extracting(RuleHit::getRuleId, RuleHit::getAction).containsExactly(
                tuple("PAYER_RESTRICTED", Action.STOP_PAYMENT),
                tuple("CHANNEL_RESTRICTED", Action.HOLD));
        assertThat(hits.get(1).getEvidence()).startsWith("payer IP 203.0.*.* is listed as HIGH_RISK_IP");
    }

    @Test
    void shouldHoldAPaymentFromADeviceLinkedToAListingAtAnyDistance() {
        // Given
        final FactsBuilder facts = payment(50_000).payerSubject("payer device", SubjectType.DEVICE, "dev-8841-aa",
                linked(1, LinkKind.DEVICE_ACCOUNT, LinkKind.ACCOUNT_CARD));

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.CHANNEL_RESTRICTED, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getRuleId()).isEqualTo("CHANNEL_RESTRICTED");
            assertThat(hit.getAction()).isEqualTo(Action.HOLD);
            assertThat(hit.getWeight()).isEqualTo(60);
        });
    }

    @Test
    void shouldNotTakeVictimWatchForARestriction() {
        // Given
        final FactsBuilder facts = payment(300_000)
                .payerSubject("payer account", SubjectType.ACCOUNT, FactsBuilder.PAYER, listedItself(ListType.VICTIM_WATCH, 3));

        // When
        final List<RuleHit> hits = decide(PARTY_RULES, facts).hits();

        // Then
        assertThat(hits).isEmpty();
    }

    private static Restriction listedItself(final ListType listType, final int riskLevel) {
        return Restriction.newBuilder()
                .setListedType(SubjectType.ACCOUNT)
                .setListedId("6217000000002333")
                .setListType(listType)
                .setRiskLevel(riskLevel)
                .setSource("PSB-320600-antifraud-centre")
                .setCaseId("2026-XX-123")
                .setHops(0)
                .build();
    }

    /** A FRAUD_ACCOUNT listing of {@link #PAYEE_CARD} reached through {@code path}. */
    private static Restriction linked(final int riskLevel, final LinkKind... path) {
        return Restriction.newBuilder()
                .setListedType(SubjectType.CARD)
                .setListedId(PAYEE_CARD)
                .setListType(ListType.FRAUD_ACCOUNT)
                .setRiskLevel(riskLevel)
                .setSource("PSB-320600-antifraud-centre")
                .setCaseId("2026-XX-123")
                .setHops(path.length)
                .setPath(List.of(path).stream().map(kind -> LinkHop.newBuilder()
                        .setFromType(SubjectType.PHONE).setFromId(PAYEE_PHONE).setKind(kind)
                        .setToType(SubjectType.CARD).setToId(PAYEE_CARD).build()).toList())
                .build();
    }
}
