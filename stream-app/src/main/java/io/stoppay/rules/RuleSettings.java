package io.stoppay.rules;

import io.stoppay.config.StopPayConfig;
import java.time.ZoneId;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import stoppay.v1.AccountClass;

/**
 * The thresholds of the built-in ruleset, all in minor units of {@code limitCurrency}.
 * Class defaults follow the PBOC account tiers (账户分类分级): Class II CNY 10,000 and Class III
 * CNY 5,000 of non-counter payments a day; Class I has no regulatory cap, so the default is a
 * common bank setting (CNY 500,000). An account's own {@code dailyNonCounterLimitMinor} wins.
 */
public record RuleSettings(
        Currency limitCurrency,
        ZoneId zone,
        Map<AccountClass, Long> dailyNonCounterLimits,
        long largeTransferMinor,
        long protectedLargeMinor,
        int elderlyAge,
        long elderlyLargeMinor) {

    public static RuleSettings from(final StopPayConfig config) {
        final Map<AccountClass, Long> limits = new EnumMap<>(AccountClass.class);
        for (final AccountClass accountClass : AccountClass.values()) {
            limits.put(accountClass, config.dailyLimitOf(accountClass));
        }
        return new RuleSettings(config.limitCurrency(), config.zone(), Map.copyOf(limits),
                config.longValue(StopPayConfig.LARGE_TRANSFER_MINOR),
                config.longValue(StopPayConfig.PROTECTED_LARGE_MINOR),
                config.intValue(StopPayConfig.ELDERLY_AGE),
                config.longValue(StopPayConfig.ELDERLY_LARGE_MINOR));
    }
}
