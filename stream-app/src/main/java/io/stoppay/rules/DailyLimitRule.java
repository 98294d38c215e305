package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.util.List;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.RuleHit;

/**
 * 非柜面交易限额: a non-counter payment that takes the payer past the daily limit of its account
 * (its own limit, else its class default) is held.
 */
public final class DailyLimitRule implements Rule {

    static final int WEIGHT = 50;

    private final RuleSettings settings;

    public DailyLimitRule(final RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "DAILY_NON_COUNTER_LIMIT";
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (facts.txn().getChannel() == Channel.COUNTER || !AmountRules.inLimitCurrency(facts, settings)
                || facts.payerProfile() == null) {
            return List.of();
        }
        final AccountProfile payer = facts.payerProfile();
        final long limit = payer.getDailyNonCounterLimitMinor() != null ? payer.getDailyNonCounterLimitMinor()
                : settings.dailyNonCounterLimits().get(payer.getAccountClass());
        final long total = facts.payerNonCounterTodayMinor() + facts.txn().getAmountMinor();
        if (total <= limit) {
            return List.of();
        }
        return List.of(new RuleHit(id(), Action.HOLD, WEIGHT, "payer " + payer.getAccountClass() + " account "
                + Mask.cardOrAccount(payer.getAccountId()) + " would pay " + money(total)
                + " through non-counter channels today (" + money(facts.payerNonCounterTodayMinor())
                + " before this payment); daily limit " + money(limit)));
    }

    private String money(final long minor) {
        return Money.format(minor, settings.limitCurrency());
    }
}
