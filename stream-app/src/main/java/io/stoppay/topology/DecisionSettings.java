package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.config.StopPayConfig;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.rules.RuleSettings;
import io.stoppay.state.GlobalStoreKeys;
import io.stoppay.state.RecentValues;
import stoppay.v1.AccountProfile;
import stoppay.v1.Channel;
import java.util.Map;
import stoppay.v1.PaymentTransaction;

/**
 * What the decision processors are configured with, read once from the configuration; the
 * filters of the global stores most of their lookups miss ({@code restrictedKeys}: subjects on a
 * list or linked to one; {@code sharedKeys}: holders, devices and IPs used by several accounts);
 * and the account profiles and rulesets read recently ({@code recentProfiles}, {@code recentRulesets}:
 * encoded), which both stages read again.
 */
record DecisionSettings(
        RuleSettings rules,
        String rulesetId,
        PayerHistory.Settings payerHistory,
        AccountHistory.Settings accountHistory,
        Publications publications,
        OrderingSettings ordering,
        InterceptionMetrics metrics,
        GlobalStoreKeys restrictedKeys,
        GlobalStoreKeys sharedKeys,
        RecentValues<AccountProfile> recentProfiles,
        RecentValues<byte[]> recentRulesets) {

    static DecisionSettings from(final StopPayConfig config, final Map<?, ?> streamsProperties,
                                 final InterceptionMetrics metrics, final GlobalStoreKeys restrictedKeys,
                                 final GlobalStoreKeys sharedKeys, final RecentValues<AccountProfile> recentProfiles,
                                 final RecentValues<byte[]> recentRulesets) {
        final RuleSettings rules = RuleSettings.from(config);
        return new DecisionSettings(
                rules,
                config.string(StopPayConfig.RULESET_ID),
                new PayerHistory.Settings(config.duration(StopPayConfig.DEDUPE_WINDOW_MS),
                        config.duration(StopPayConfig.NEW_PAYEE_LOOKBACK_MS), rules.zone()),
                AccountHistory.Settings.from(config),
                new Publications(config.string(StopPayConfig.UNROUTED_REGION)),
                OrderingSettings.from(config, streamsProperties),
                metrics,
                restrictedKeys,
                sharedKeys,
                recentProfiles,
                recentRulesets);
    }

    /**
     * What a payment adds to its payer's daily non-counter total: its amount, unless it was made
     * at a counter or in a currency other than the one the limits are in.
     */
    long nonCounterMinor(final PaymentTransaction txn) {
        return txn.getChannel() != Channel.COUNTER
                && rules.limitCurrency().getCurrencyCode().equals(txn.getCurrency()) ? txn.getAmountMinor() : 0;
    }
}
