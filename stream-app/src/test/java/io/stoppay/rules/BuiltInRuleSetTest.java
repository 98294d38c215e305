package io.stoppay.rules;

import static io.stoppay.rules.ActivityBuilder.activity;
import static io.stoppay.rules.FactsBuilder.NOW;
import static io.stoppay.rules.FactsBuilder.PAYEE;
import static io.stoppay.rules.FactsBuilder.PAYER;
import static io.stoppay.rules.FactsBuilder.account;
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
import stoppay.v1.RuleHit;
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
        assertThat(builtIn.getVersion()).isEqualTo("builtin-3");
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
        assertThat(rules).hasSize(22);
        assertRule(rules, "PAYEE_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYEE_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "PAYER_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYER_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "CHANNEL_RESTRICTED", Action.HOLD, 60, Map.of());
        assertRule(rules, "PAYER_PROTECTED_LARGE", Action.HOLD, 60, Map.of("min.amount.minor", 500_000L));
        assertRule(rules, "ELDERLY_LARGE_TO_NEW_PAYEE", Action.STEP_UP_VERIFY, 50,
                Map.of("min.age", 60L, "min.amount.minor", 500_000L));
        assertRule(rules, "DAILY_NON_COUNTER_LIMIT", Action.HOLD, 50, Map.of("class.i.limit.minor", 50_000_000L,
                "class.ii.limit.minor", 1_000_000L, "class.iii.limit.minor", 500_000L));
        assertRule(rules, "LARGE_TRANSFER", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 5_000_000L));
        assertRule(rules, "CROSS_BORDER_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 2_000_000L));
        assertRule(rules, "DIGITAL_RMB_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 1_000_000L));
        assertRule(rules, "PAYER_VELOCITY", Action.REVIEW, 30,
                Map.of("window.ms", 600_000L, "max.count", 10L, "max.amount.minor", 2_000_000L));
        assertRule(rules, "REPEATED_NEW_PAYEES", Action.REVIEW, 40,
                Map.of("window.ms", 1_800_000L, "min.count", 3L, "min.amount.minor", 100_000L,
                        "vetted.limit.minor", 100_000_000L));
        assertRule(rules, "NEW_PAYEE_YOUNG_ACCOUNT", Action.REVIEW, 40,
                Map.of("account.age.ms", 2_592_000_000L, "min.amount.minor", 100_000L));
        assertRule(rules, "RAPID_PASS_THROUGH", Action.HOLD, 70,
                Map.of("window.ms", 1_800_000L, "min.inflow.minor", 1_000_000L, "min.ratio.percent", 80L));
        assertRule(rules, "DORMANT_PAYER_REACTIVATED", Action.STEP_UP_VERIFY, 40,
                Map.of("dormant.ms", 15_552_000_000L, "min.amount.minor", 500_000L));
        assertRule(rules, "PAYEE_FAN_IN", Action.HOLD, 60,
                Map.of("window.ms", 3_600_000L, "min.distinct.payers", 5L, "min.amount.minor", 100_000L));
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
        assertThat(verdict.rulesetVersion()).isEqualTo("builtin-3");
    }

    /** Payroll from a vetted business: its bank raised its limit; new employees' young accounts included. */
    @Test
    void shouldOnlyReviewAPayrollRunOfAVettedBusiness() {
        // Given: the third salary, to a new hire whose account is a week old
        final PaymentFacts facts = payment(800_000).toNewPayee()
                .payerProfile(account(PAYER).setDailyNonCounterLimitMinor(10_000_000_000L))
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(7))))
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 800_000, Duration.ofMinutes(2))
                        .paidNewPayee("6217000000000002", 800_000, Duration.ofMinutes(1)))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId)
                .containsExactly("PAYER_VELOCITY", "NEW_PAYEE_YOUNG_ACCOUNT");
        assertThat(verdict.action()).isEqualTo(Action.STEP_UP_VERIFY);
    }

    /** Payroll from day one by an account nobody vetted: new payees, over CNY 20,000 in 10 min; verified, not held. */
    @Test
    void shouldNotHoldAPayrollRun() {
        // Given: the third salary of an employer whose account is years old
        final PaymentFacts facts = payment(800_000).toNewPayee()
                .payerProfile(account(PAYER).setOpenedAt(NOW.minus(Duration.ofDays(2_000))))
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 800_000, Duration.ofMinutes(2))
                        .paidNewPayee("6217000000000002", 800_000, Duration.ofMinutes(1)))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId).containsExactly("PAYER_VELOCITY", "REPEATED_NEW_PAYEES");
        assertThat(verdict.action()).isEqualTo(Action.STEP_UP_VERIFY);
    }

    /** The classic false positive of elderly, large, new payee (FIELD-NOTES): the bank verifies it. */
    @Test
    void shouldAskAGrandparentToVerifyAFirstLargeGift() {
        // Given
        final PaymentFacts facts = payment(2_000_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(900))))
                .build();

        // When / Then
        assertThat(decide(facts).action()).isEqualTo(Action.STEP_UP_VERIFY);
    }

    @Test
    void shouldHoldAnElderlyPayersLargePaymentToAYoungAccount() {
        // Given
        final PaymentFacts facts = payment(2_000_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(6))))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.score()).isEqualTo(90);
    }

    @Test
    void shouldHoldAThirdNewPayeeWhenItsAccountIsYoung() {
        // Given
        final PaymentFacts facts = payment(300_000).toNewPayee()
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(6))))
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 300_000, Duration.ofMinutes(20))
                        .paidNewPayee("6217000000000002", 300_000, Duration.ofMinutes(10)))
                .build();

        // When / Then
        assertThat(decide(facts).action()).isEqualTo(Action.HOLD);
    }

    private static Verdict decide(final PaymentFacts facts) {
        final RuleBook book = RuleBook.builtIn(SETTINGS);
        return book.decide(facts, book.payerStageHits(facts));
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
