package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.account;
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

/** ELDERLY_LARGE_TO_NEW_PAYEE (养老诈骗): an elderly payer's large payment to a stranger is verified with them. */
class ElderlyPayerRuleTest {

    /** 60 in 2026, the year of {@link FactsBuilder#NOW}. */
    private static final int BORN_SIXTY_YEARS_AGO = 1966;

    @Test
    void shouldAskASixtyYearOldToVerifyALargePaymentToANewPayee() {
        // Given
        final FactsBuilder facts = payerBornIn(BORN_SIXTY_YEARS_AGO, 500_000).toNewPayee();

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, facts);

        // Then
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.getAction()).isEqualTo(Action.STEP_UP_VERIFY);
            assertThat(hit.getWeight()).isEqualTo(40);
            assertThat(hit.getEvidence()).isEqualTo(
                    "payer aged 60 sends CNY 5,000.00 to a new payee (elderly from 60, large from CNY 5,000.00)");
        });
    }

    @Test
    void shouldLetAFiftyNineYearOldPay() {
        // Given
        final FactsBuilder facts = payerBornIn(BORN_SIXTY_YEARS_AGO + 1, 500_000).toNewPayee();

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetAnElderlyPayerPayJustBelowTheThreshold() {
        // Given
        final FactsBuilder facts = payerBornIn(1940, 499_999).toNewPayee();

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldLetAnElderlyPayerPayAKnownPayee() {
        // Given
        final FactsBuilder facts = payerBornIn(1940, 9_000_000);

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, facts);

        // Then
        assertThat(hits).isEmpty();
    }

    @Test
    void shouldHoldAnElderlyPayersLargePaymentToAKnownButRestrictedPayee() {
        // Given
        final FactsBuilder facts = payerBornIn(1940, 1_574_700).payeeSubject("payee account", SubjectType.ACCOUNT,
                FactsBuilder.PAYEE, Restriction.newBuilder().setListedType(SubjectType.ACCOUNT)
                        .setListedId(FactsBuilder.PAYEE).setListType(ListType.MULE_SUSPECT).setRiskLevel(2)
                        .setSource("bank").setHops(0).build());

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, facts);

        // Then
        assertThat(hits).singleElement().extracting(RuleHit::getEvidence).asString()
                .isEqualTo("payer aged 86 sends CNY 15,747.00 to a restricted payee (elderly from 60, large from CNY 5,000.00)");
    }

    @Test
    void shouldTakeTheAgeFromTheRuleset() {
        // Given
        final FactsBuilder facts = payerBornIn(BORN_SIXTY_YEARS_AGO, 500_000).toNewPayee();

        // When
        final List<RuleHit> hits = hitsOf(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, Map.of("min.age", 65L), facts);

        // Then
        assertThat(hits).isEmpty();
    }

    private static FactsBuilder payerBornIn(final int birthYear, final long amountMinor) {
        return payment(amountMinor).payerProfile(account(FactsBuilder.PAYER).setHolderBirthYear(birthYear));
    }
}
