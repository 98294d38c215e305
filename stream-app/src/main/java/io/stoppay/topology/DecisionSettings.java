package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.config.StopPayConfig;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.rules.RuleSettings;

/** What the decision processors are configured with, read once from the configuration. */
record DecisionSettings(
        RuleSettings rules,
        String rulesetId,
        PayerHistory.Settings payerHistory,
        AccountHistory.Settings accountHistory,
        Publications publications,
        InterceptionMetrics metrics) {

    static DecisionSettings from(final StopPayConfig config, final InterceptionMetrics metrics) {
        final RuleSettings rules = RuleSettings.from(config);
        return new DecisionSettings(
                rules,
                config.string(StopPayConfig.RULESET_ID),
                new PayerHistory.Settings(config.duration(StopPayConfig.DEDUPE_WINDOW_MS),
                        config.duration(StopPayConfig.NEW_PAYEE_LOOKBACK_MS), rules.zone()),
                AccountHistory.Settings.from(config),
                new Publications(config.string(StopPayConfig.UNROUTED_REGION)),
                metrics);
    }
}
