package io.stoppay.loadtest.generator;

import io.stoppay.rules.RuleCatalogue;
import io.stoppay.rules.RuleIds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import stoppay.v1.AccountClass;

/**
 * The defaults of the built-in ruleset that the generator shapes its traffic by, read from
 * StopPay's {@link RuleCatalogue} so the two cannot drift apart: fraud episodes cross them, and
 * ordinary traffic stays clear of them. Amounts are minor units of CNY.
 */
record Thresholds(
        int fanInPayers,
        Duration fanInWindow,
        long passThroughMinInflow,
        long passThroughRatioPercent,
        Duration passThroughWindow,
        int deviceAccounts,
        int elderlyAge,
        long elderlyMinAmount,
        Duration dormantAfter,
        long dormantMinAmount,
        int newPayeesCount,
        Duration newPayeesWindow,
        long largeTransfer,
        long classILimit,
        long classIILimit,
        long classIIILimit,
        long newPayeesLargeSum) {

    static Thresholds builtIn() {
        return new Thresholds(
                (int) param(RuleIds.PAYEE_FAN_IN, "min.distinct.payers"),
                Duration.ofMillis(param(RuleIds.PAYEE_FAN_IN, "window.ms")),
                param(RuleIds.RAPID_PASS_THROUGH, "min.inflow.minor"),
                param(RuleIds.RAPID_PASS_THROUGH, "min.ratio.percent"),
                Duration.ofMillis(param(RuleIds.RAPID_PASS_THROUGH, "window.ms")),
                (int) param(RuleIds.SHARED_DEVICE, "min.accounts"),
                (int) param(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, "min.age"),
                param(RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, "min.amount.minor"),
                Duration.ofMillis(param(RuleIds.DORMANT_PAYER_REACTIVATED, "dormant.ms")),
                param(RuleIds.DORMANT_PAYER_REACTIVATED, "min.amount.minor"),
                (int) param(RuleIds.REPEATED_NEW_PAYEES, "min.count"),
                Duration.ofMillis(param(RuleIds.REPEATED_NEW_PAYEES, "window.ms")),
                param(RuleIds.LARGE_TRANSFER, "min.amount.minor"),
                param(RuleIds.DAILY_NON_COUNTER_LIMIT, "class.i.limit.minor"),
                param(RuleIds.DAILY_NON_COUNTER_LIMIT, "class.ii.limit.minor"),
                param(RuleIds.DAILY_NON_COUNTER_LIMIT, "class.iii.limit.minor"),
                param(RuleIds.NEW_PAYEES_LARGE_SUM, "min.total.minor"));
    }

    long dailyLimit(final AccountClass accountClass) {
        return switch (accountClass) {
            case CLASS_I -> classILimit;
            case CLASS_II -> classIILimit;
            case CLASS_III -> classIIILimit;
        };
    }

    /** The latest birth year of a payer the elderly rule sees as elderly in the year of {@code asOf} (UTC). */
    int elderlyBornBy(final Instant asOf) {
        return asOf.atZone(ZoneOffset.UTC).getYear() - elderlyAge;
    }

    /**
     * The least time between two new payees of one payer that keeps it below
     * REPEATED_NEW_PAYEES: at most {@code min.count − 1} new payees then fit in any window.
     */
    Duration newPayeeSpacing() {
        return newPayeesWindow.dividedBy(Math.max(1, newPayeesCount - 1)).plusMinutes(1);
    }

    private static long param(final String ruleId, final String name) {
        final Long value = RuleCatalogue.find(ruleId)
                .orElseThrow(() -> new IllegalStateException("StopPay has no rule " + ruleId))
                .params().get(name);
        if (value == null) {
            throw new IllegalStateException("rule " + ruleId + " has no param " + name);
        }
        return value;
    }
}
