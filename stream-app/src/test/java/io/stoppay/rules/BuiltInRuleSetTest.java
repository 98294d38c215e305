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
        assertThat(builtIn.getVersion()).isEqualTo("builtin-4");
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
        assertThat(rules).hasSize(24);
        assertRule(rules, "PAYEE_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYEE_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "PAYER_RESTRICTED", Action.STOP_PAYMENT, 100, Map.of("strong.max.hops", 1L));
        assertRule(rules, "PAYER_LINKED", Action.HOLD, 70, Map.of());
        assertRule(rules, "CHANNEL_RESTRICTED", Action.HOLD, 60, Map.of());
        assertRule(rules, "PAYER_PROTECTED_LARGE", Action.HOLD, 60, Map.of("min.amount.minor", 500_000L));
        assertRule(rules, "ELDERLY_LARGE_TO_NEW_PAYEE", Action.STEP_UP_VERIFY, 40,
                Map.of("min.age", 60L, "min.amount.minor", 500_000L));
        assertRule(rules, "DAILY_NON_COUNTER_LIMIT", Action.HOLD, 50, Map.of("class.i.limit.minor", 50_000_000L,
                "class.ii.limit.minor", 1_000_000L, "class.iii.limit.minor", 500_000L));
        assertRule(rules, "LARGE_TRANSFER", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 5_000_000L));
        assertRule(rules, "CROSS_BORDER_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 2_000_000L));
        assertRule(rules, "DIGITAL_RMB_LARGE", Action.STEP_UP_VERIFY, 30, Map.of("min.amount.minor", 1_000_000L));
        assertRule(rules, "PAYER_VELOCITY", Action.REVIEW, 30,
                Map.of("window.ms", 600_000L, "max.count", 10L, "max.amount.minor", 2_000_000L));
        assertRule(rules, "REPEATED_NEW_PAYEES", Action.REVIEW, 45,
                Map.of("window.ms", 1_800_000L, "min.count", 3L, "min.amount.minor", 100_000L));
        assertRule(rules, "NEW_PAYEES_LARGE_SUM", Action.HOLD, 50,
                Map.of("window.ms", 1_800_000L, "min.count", 2L, "min.total.minor", 5_000_000L));
        assertRule(rules, "NEW_PAYEE_YOUNG_ACCOUNT", Action.REVIEW, 35,
                Map.of("account.age.ms", 2_592_000_000L, "min.amount.minor", 100_000L));
        assertRule(rules, "RAPID_PASS_THROUGH", Action.HOLD, 70,
                Map.of("window.ms", 1_800_000L, "min.inflow.minor", 1_000_000L, "min.ratio.percent", 80L));
        assertRule(rules, "DORMANT_PAYER_REACTIVATED", Action.STEP_UP_VERIFY, 40,
                Map.of("dormant.ms", 15_552_000_000L, "min.amount.minor", 500_000L));
        assertRule(rules, "PAYEE_FAN_IN", Action.HOLD, 60,
                Map.of("window.ms", 3_600_000L, "min.distinct.payers", 5L, "min.amount.minor", 100_000L,
                        "min.distinct.payers.any.amount", 20L));
        assertRule(rules, "ELDERLY_TO_COLLECTION_ACCOUNT", Action.HOLD, 60, Map.of("min.age", 60L,
                "min.amount.minor", 500_000L, "account.age.ms", 2_592_000_000L, "window.ms", 86_400_000L,
                "min.distinct.payers", 3L));
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
        assertThat(verdict.rulesetVersion()).isEqualTo("builtin-4");
    }

    /**
     * "One long-established account paying 40 salaries in five minutes" (issue 16), new hires'
     * young accounts among them: a company is not walked, so velocity and the young account alone
     * remain, and it is verified, not held.
     */
    @Test
    void shouldNotHoldACompanysPayrollToANewHire() {
        // Given: the third salary, from a company account (no holder birth year) ten years old
        final PaymentFacts facts = payment(800_000).toNewPayee()
                .payerProfile(account(PAYER).setOpenedAt(NOW.minus(Duration.ofDays(3_650))))
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

    /** A safe-account walk to other banks' accounts (no profiles): the sums hold it from CNY 50,000. */
    @Test
    void shouldHoldAPersonWalkedThroughLargeTransfersToOtherBanks() {
        // Given: a person's third transfer; CNY 15,000 and 20,000 went to two new payees before
        final PaymentFacts facts = payment(2_500_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1986))
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 1_500_000, Duration.ofMinutes(10))
                        .paidNewPayee("6217000000000002", 2_000_000, Duration.ofMinutes(5)))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId)
                .contains("REPEATED_NEW_PAYEES", "NEW_PAYEES_LARGE_SUM");
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
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

    /** A CNY 60,000 wedding gift is large twice over (elderly and LARGE_TRANSFER): still only verified. */
    @Test
    void shouldAskAGrandparentToVerifyAWeddingGiftAboveTheLargeTransferThreshold() {
        // Given
        final PaymentFacts facts = payment(6_000_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId)
                .containsExactly("ELDERLY_LARGE_TO_NEW_PAYEE", "LARGE_TRANSFER");
        assertThat(verdict.action()).isEqualTo(Action.STEP_UP_VERIFY);
    }

    /** Payday, then a phone at a shop: spending is not passing money on. */
    @Test
    void shouldNotHoldAPurchaseAtAMerchantAfterPayday() {
        // Given: a new hire's first salary of CNY 12,000 20 minutes ago, now CNY 9,999 at a registered merchant
        final PaymentFacts facts = payment(999_900).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1995))
                .payeeProfile(account(PAYEE).setMerchant(true))
                .payerActivity(activity().receivedFirstPayment("6222000000000777", 1_200_000, Duration.ofMinutes(20)))
                .build();

        // When / Then
        assertThat(decide(facts).action()).isNotIn(Action.HOLD, Action.STOP_PAYMENT);
    }

    @Test
    void shouldVerifyAnElderlyPayersFirstLargePaymentToAYoungAccount() {
        // Given: a grandparent's gift to a grandchild's new account looks like a scam's first victim
        final PaymentFacts facts = payment(2_000_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(6))))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.action()).isEqualTo(Action.STEP_UP_VERIFY);
        assertThat(verdict.score()).isEqualTo(75);
    }

    @Test
    void shouldHoldAnElderlyPayersLargePaymentToAYoungAccountThatTookTwoOtherFirstPaymentsToday() {
        // Given
        final PaymentFacts facts = payment(2_000_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payeeProfile(account(PAYEE).setOpenedAt(NOW.minus(Duration.ofDays(6))))
                .payeeActivity(activity().receivedFirstPayment("6222020200998877", 900_000, Duration.ofHours(3))
                        .receivedFirstPayment("6222020200776655", 700_000, Duration.ofHours(1)))
                .build();

        // When
        final Verdict verdict = decide(facts);

        // Then
        assertThat(verdict.action()).isEqualTo(Action.HOLD);
        assertThat(verdict.hits()).extracting(RuleHit::getRuleId).containsExactly("ELDERLY_LARGE_TO_NEW_PAYEE",
                "NEW_PAYEE_YOUNG_ACCOUNT", "ELDERLY_TO_COLLECTION_ACCOUNT");
    }

    @Test
    void shouldHoldAnElderlyPayersThirdNewPayeeInAWalk() {
        // Given
        final PaymentFacts facts = payment(600_000).toNewPayee()
                .payerProfile(account(PAYER).setHolderBirthYear(1950))
                .payerActivity(activity()
                        .paidNewPayee("6217000000000001", 600_000, Duration.ofMinutes(20))
                        .paidNewPayee("6217000000000002", 600_000, Duration.ofMinutes(10)))
                .build();

        // When / Then
        assertThat(decide(facts).action()).isEqualTo(Action.HOLD);
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
