package io.stoppay.rules;

import static io.stoppay.rules.FactsBuilder.payment;
import static io.stoppay.rules.TestRuleSets.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;

/** The ruleset in force until one is published: every rule, on, as the catalogue defines it. */
class BuiltInRuleSetTest {

    @Test
    void shouldPassItsOwnValidationWithADayOfBehaviour() {
        // Given
        final RuleSet builtIn = BuiltInRuleSet.ruleSet();

        // When / Then
        assertThatCode(() -> new RuleSetCheck(Duration.ofDays(1)).check("default", builtIn, 0L))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldEnableEveryRuleOfTheCatalogueWithItsDefaults() {
        // When
        final RuleSet builtIn = BuiltInRuleSet.ruleSet();

        // Then
        assertThat(builtIn.getRulesetId()).isEqualTo("default");
        assertThat(builtIn.getVersion()).isEqualTo("builtin-2");
        assertThat(builtIn.getRules()).extracting(RuleConfig::getRuleId)
                .containsExactlyElementsOf(RuleCatalogue.all().stream().map(RuleDefinition::ruleId).toList());
        assertThat(builtIn.getRules()).allSatisfy(rule -> {
            final RuleDefinition definition = RuleCatalogue.find(rule.getRuleId()).orElseThrow();
            assertThat(rule.getEnabled()).isTrue();
            assertThat(rule.getAction()).isEqualTo(definition.action());
            assertThat(rule.getWeight()).isEqualTo(definition.weight());
            assertThat(rule.getParams()).isEqualTo(definition.params());
        });
    }

    @Test
    void shouldDefineTheDocumentedRulesActionsWeightsAndParams() {
        // When
        final Map<String, RuleConfig> rules = BuiltInRuleSet.ruleSet().getRules().stream()
                .collect(Collectors.toMap(RuleConfig::getRuleId, rule -> rule));

        // Then
        assertThat(rules).hasSize(21);
        assertRule(rules, "PAYEE_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYEE_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "PAYER_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYER_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "CHANNEL_RESTRICTED", Action.HOLD, 60, Map.of());
        assertRule(rules, "PAYER_PROTECTED_LARGE", Action.HOLD, 60, Map.of("min.amount.minor", 500_000L));
        assertRule(rules, "ELDERLY_LARGE_TO_NEW_PAYEE", Action.HOLD, 60,
                Map.of("min.age", 60L, "min.amount.minor", 500_000L));
        assertRule(rules, "DAILY_NON_COUNTER_LIMIT", Action.HOLD, 50, Map.of("class.i.limit.minor", 50_000_000L,
                "class.ii.limit.minor", 1_000_000L, "class.iii.limit.minor", 500_000L));
        assertRule(rules, "LARGE_TRANSFER", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 5_000_000L));
        assertRule(rules, "CROSS_BORDER_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 2_000_000L));
        assertRule(rules, "DIGITAL_RMB_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 1_000_000L));
        assertRule(rules, "PAYER_VELOCITY", Action.REVIEW, 30,
                Map.of("window.ms", 600_000L, "max.count", 10L, "max.amount.minor", 2_000_000L));
        assertRule(rules, "REPEATED_NEW_PAYEES", Action.HOLD, 50, Map.of("window.ms", 1_800_000L, "min.count", 3L));
        assertRule(rules, "RAPID_PASS_THROUGH", Action.HOLD, 70,
                Map.of("window.ms", 1_800_000L, "min.inflow.minor", 1_000_000L, "min.ratio.percent", 80L));
        assertRule(rules, "DORMANT_PAYER_REACTIVATED", Action.STEP_UP_VERIFY, 40,
                Map.of("dormant.ms", 15_552_000_000L, "min.amount.minor", 500_000L));
        assertRule(rules, "PAYEE_FAN_IN", Action.HOLD, 60, Map.of("window.ms", 3_600_000L, "min.distinct.payers", 5L));
        assertRule(rules, "NEW_ACCOUNT_LARGE_INFLOW", Action.HOLD, 60, Map.of("account.age.ms", 2_592_000_000L,
                "window.ms", 86_400_000L, "min.inflow.minor", 5_000_000L));
        assertRule(rules, "DORMANT_PAYEE_REACTIVATED", Action.STEP_UP_VERIFY, 40,
                Map.of("dormant.ms", 15_552_000_000L, "min.amount.minor", 500_000L));
        assertRule(rules, "ONE_PERSON_MANY_CARDS", Action.REVIEW, 30, Map.of("min.accounts", 5L));
        assertRule(rules, "SHARED_DEVICE", Action.HOLD, 60, Map.of("min.accounts", 5L));
        assertRule(rules, "SHARED_IP", Action.REVIEW, 20, Map.of("min.accounts", 20L));
    }

    @Test
    void shouldUseTheSchemasDefaultScoreThresholds() {
        // When
        final RuleSet builtIn = BuiltInRuleSet.ruleSet();

        // Then
        assertThat(Map.of("review", builtIn.getReviewScore(), "stepUp", builtIn.getStepUpScore(),
                "hold", builtIn.getHoldScore(), "stop", builtIn.getStopScore()))
                .containsOnly(entry("review", 30), entry("stepUp", 50), entry("hold", 80), entry("stop", 101));
    }

    @Test
    void shouldPassAnOrdinaryPayment() {
        // Given
        final RuleBook book = RuleBook.builtIn(SETTINGS);
        final PaymentFacts facts = payment(30_000).build();

        // When
        final Verdict verdict = book.decide(facts, book.payerStageHits(facts));

        // Then
        assertThat(verdict.action()).isEqualTo(Action.PASS);
        assertThat(verdict.hits()).isEmpty();
        assertThat(verdict.rulesetVersion()).isEqualTo("builtin-2");
    }

    private static void assertRule(final Map<String, RuleConfig> rules, final String ruleId, final Action action,
                                   final int weight, final Map<String, Long> params) {
        assertThat(rules.get(ruleId)).as(ruleId).satisfies(rule -> {
            assertThat(rule.getAction()).as("%s action", ruleId).isEqualTo(action);
            assertThat(rule.getWeight()).as("%s weight", ruleId).isEqualTo(weight);
            assertThat(rule.getParams()).as("%s params", ruleId).isEqualTo(params);
        });
    }
}
