package io.stoppay.rules;

import io.stoppay.config.StopPayConfig;
import java.time.ZoneId;
import java.util.Currency;

/**
 * What the rules need that is not part of a ruleset but of the deployment: the currency every
 * amount threshold is given in (payments in another are not compared with amount thresholds,
 * there being no FX conversion), and the zone of the business day and of ages.
 */
public record RuleSettings(Currency limitCurrency, ZoneId zone) {

    public static RuleSettings from(final StopPayConfig config) {
        return new RuleSettings(config.limitCurrency(), config.zone());
    }

    /** An amount in the limit currency, for evidence: {@code CNY 12,000.00}. */
    public String money(final long minor) {
        return Money.format(minor, limitCurrency);
    }
}
