package io.stoppay.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import stoppay.v1.Action;

/**
 * Every rule the engine knows, in one place: its id, default action, weight and params, where it
 * runs, and how it is built. A ruleset on {@code risk.rules.v1} chooses among these and tunes
 * them; it cannot add a rule. Amounts are minor units of the limit currency.
 */
public final class RuleCatalogue {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final long DORMANT_MS = 180 * DAY_MS;
    private static final long CNY_1_000 = 100_000L;
    private static final long CNY_5_000 = 500_000L;

    /** In the order a decision lists their hits: restrictions, then protections, amounts, behaviour. */
    private static final List<RuleDefinition> ALL = List.of(
            payerStage(RuleIds.PAYEE_RESTRICTED, Action.STOP_PAYMENT, 100,
                    Map.of(RestrictedIdentifierRule.STRONG_MAX_HOPS, 1L),
                    (hits, params, settings) -> RestrictedIdentifierRule.strong(hits, Side.PAYEE, params)),
            sharingBoundary(RuleIds.PAYEE_LINKED, Action.HOLD, 70, RuleIds.PAYEE_RESTRICTED,
                    (hits, params, settings) -> RestrictedIdentifierRule.linked(hits, Side.PAYEE, params)),
            payerStage(RuleIds.PAYER_RESTRICTED, Action.STOP_PAYMENT, 100,
                    Map.of(RestrictedIdentifierRule.STRONG_MAX_HOPS, 1L),
                    (hits, params, settings) -> RestrictedIdentifierRule.strong(hits, Side.PAYER, params)),
            sharingBoundary(RuleIds.PAYER_LINKED, Action.HOLD, 70, RuleIds.PAYER_RESTRICTED,
                    (hits, params, settings) -> RestrictedIdentifierRule.linked(hits, Side.PAYER, params)),
            payerStage(RuleIds.CHANNEL_RESTRICTED, Action.HOLD, 60, Map.of(),
                    (hits, params, settings) -> RestrictedIdentifierRule.channel(hits)),
            payerStage(RuleIds.PAYER_PROTECTED_LARGE, Action.HOLD, 60,
                    Map.of(RuleParams.MIN_AMOUNT_MINOR, CNY_5_000), ProtectedPayerRule::new),
            // A grandparent's first large gift looks the same, even to a grandchild's new account: verify
            // it (40, + a young payee 35 = 75, a step-up). A hold needs a sign of another kind: a run of new
            // payees (+45), or the young account taking first payments from two others the same day
            // (ELDERLY_TO_COLLECTION_ACCOUNT); not another measure of "large" (+30).
            payerStage(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, Action.STEP_UP_VERIFY, 40,
                    Map.of(ElderlyPayerRule.MIN_AGE, 60L, RuleParams.MIN_AMOUNT_MINOR, CNY_5_000), ElderlyPayerRule::new),
            payerStage(RuleIds.DAILY_NON_COUNTER_LIMIT, Action.HOLD, 50,
                    Map.of(DailyLimitRule.CLASS_I_LIMIT, 50_000_000L, DailyLimitRule.CLASS_II_LIMIT, 1_000_000L,
                            DailyLimitRule.CLASS_III_LIMIT, CNY_5_000),
                    DailyLimitRule::new),
            payerStage(RuleIds.LARGE_TRANSFER, Action.STEP_UP_VERIFY, 30,
                    Map.of(RuleParams.MIN_AMOUNT_MINOR, 5_000_000L), LargeAmountRule::anyPayment),
            payerStage(RuleIds.CROSS_BORDER_LARGE, Action.STEP_UP_VERIFY, 30,
                    Map.of(RuleParams.MIN_AMOUNT_MINOR, 2_000_000L), LargeAmountRule::crossBorder),
            payerStage(RuleIds.DIGITAL_RMB_LARGE, Action.STEP_UP_VERIFY, 30,
                    Map.of(RuleParams.MIN_AMOUNT_MINOR, 1_000_000L), LargeAmountRule::digitalRmb),
            payerStage(RuleIds.PAYER_VELOCITY, Action.REVIEW, 30,
                    Map.of(RuleParams.WINDOW_MS, 10 * MINUTE_MS, VelocityRule.MAX_COUNT, 10L,
                            VelocityRule.MAX_AMOUNT_MINOR, 2_000_000L),
                    VelocityRule::new),
            // Count alone is not suspicion (payroll, a family's evening): it adds weight, and holds with another sign.
            payerStage(RuleIds.REPEATED_NEW_PAYEES, Action.REVIEW, 45,
                    Map.of(RuleParams.WINDOW_MS, 30 * MINUTE_MS, RepeatedNewPayeesRule.MIN_COUNT, 3L,
                            RuleParams.MIN_AMOUNT_MINOR, CNY_1_000),
                    RepeatedNewPayeesRule::new),
            payerStage(RuleIds.NEW_PAYEES_LARGE_SUM, Action.HOLD, 50,
                    Map.of(RuleParams.WINDOW_MS, 30 * MINUTE_MS, RepeatedNewPayeesRule.MIN_COUNT, 2L,
                            NewPayeesLargeSumRule.MIN_TOTAL_MINOR, 5_000_000L),
                    NewPayeesLargeSumRule::new),
            // A young payee holds with a run of new payees (35 + 45) but not with an elderly payer alone.
            payerStage(RuleIds.NEW_PAYEE_YOUNG_ACCOUNT, Action.REVIEW, 35,
                    Map.of(NewAccountInflowRule.ACCOUNT_AGE_MS, 30 * DAY_MS, RuleParams.MIN_AMOUNT_MINOR, CNY_1_000),
                    YoungPayeeAccountRule::new),
            payerStage(RuleIds.RAPID_PASS_THROUGH, Action.HOLD, 70,
                    Map.of(RuleParams.WINDOW_MS, 30 * MINUTE_MS, RuleParams.MIN_INFLOW_MINOR, 1_000_000L,
                            PassThroughRule.MIN_RATIO_PERCENT, 80L),
                    PassThroughRule::new),
            payerStage(RuleIds.DORMANT_PAYER_REACTIVATED, Action.STEP_UP_VERIFY, 40,
                    Map.of(RuleParams.DORMANT_MS, DORMANT_MS, RuleParams.MIN_AMOUNT_MINOR, CNY_5_000),
                    DormantAccountRule::payer),
            payerStage(RuleIds.ONE_PERSON_MANY_CARDS, Action.REVIEW, 30,
                    Map.of(SharedIdentifierRule.MIN_ACCOUNTS, 5L), SharedIdentifierRule::holders),
            payerStage(RuleIds.SHARED_DEVICE, Action.HOLD, 60,
                    Map.of(SharedIdentifierRule.MIN_ACCOUNTS, 5L), SharedIdentifierRule::devices),
            payerStage(RuleIds.SHARED_IP, Action.REVIEW, 20,
                    Map.of(SharedIdentifierRule.MIN_ACCOUNTS, 20L), SharedIdentifierRule::ips),
            payeeStage(RuleIds.PAYEE_FAN_IN, Action.HOLD, 60,
                    Map.of(RuleParams.WINDOW_MS, 60 * MINUTE_MS, FanInRule.MIN_DISTINCT_PAYERS, 5L,
                            RuleParams.MIN_AMOUNT_MINOR, CNY_1_000, FanInRule.MIN_DISTINCT_PAYERS_ANY_AMOUNT, 20L),
                    FanInRule::new),
            payeeStage(RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT, Action.HOLD, 60,
                    Map.of(ElderlyPayerRule.MIN_AGE, 60L, RuleParams.MIN_AMOUNT_MINOR, CNY_5_000,
                            NewAccountInflowRule.ACCOUNT_AGE_MS, 30 * DAY_MS, RuleParams.WINDOW_MS, DAY_MS,
                            FanInRule.MIN_DISTINCT_PAYERS, 3L),
                    ElderlyCollectionAccountRule::new),
            payeeStage(RuleIds.NEW_ACCOUNT_LARGE_INFLOW, Action.HOLD, 60,
                    Map.of(NewAccountInflowRule.ACCOUNT_AGE_MS, 30 * DAY_MS, RuleParams.WINDOW_MS, DAY_MS,
                            RuleParams.MIN_INFLOW_MINOR, 5_000_000L),
                    NewAccountInflowRule::new),
            payeeStage(RuleIds.DORMANT_PAYEE_REACTIVATED, Action.STEP_UP_VERIFY, 40,
                    Map.of(RuleParams.DORMANT_MS, DORMANT_MS, RuleParams.MIN_AMOUNT_MINOR, CNY_5_000),
                    DormantAccountRule::payee));

    private static final Map<String, RuleDefinition> BY_ID =
            ALL.stream().collect(Collectors.toUnmodifiableMap(RuleDefinition::ruleId, Function.identity()));

    private RuleCatalogue() {
    }

    /** Every rule, in the order a decision lists their hits. */
    public static List<RuleDefinition> all() {
        return ALL;
    }

    public static Optional<RuleDefinition> find(final String ruleId) {
        return Optional.ofNullable(BY_ID.get(ruleId));
    }

    private static RuleDefinition payerStage(final String ruleId, final Action action, final int weight,
                                             final Map<String, Long> params, final RuleFactory factory) {
        return new RuleDefinition(ruleId, action, weight, params, ruleId, Rule.Stage.PAYER, factory);
    }

    private static RuleDefinition payeeStage(final String ruleId, final Action action, final int weight,
                                             final Map<String, Long> params, final RuleFactory factory) {
        return new RuleDefinition(ruleId, action, weight, params, ruleId, Rule.Stage.PAYEE, factory);
    }

    /** A payer-stage rule without params of its own that reads those of {@code boundaryOwner}. */
    private static RuleDefinition sharingBoundary(final String ruleId, final Action action, final int weight,
                                                  final String boundaryOwner, final RuleFactory factory) {
        return new RuleDefinition(ruleId, action, weight, Map.of(), boundaryOwner, Rule.Stage.PAYER, factory);
    }
}

