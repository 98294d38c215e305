package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.util.List;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Channel;
import stoppay.v1.RuleHit;

/**
 * 非柜面交易限额 (账户分类分级, PBOC): a non-counter payment that takes the payer past the daily
 * limit of its account is held. The account's own limit wins; else its class default: Class II
 * and III are capped by regulation, Class I's default is a common bank setting.
 */
final class DailyLimitRule implements Rule {

    static final String CLASS_I_LIMIT = "class.i.limit.minor";
    static final String CLASS_II_LIMIT = "class.ii.limit.minor";
    static final String CLASS_III_LIMIT = "class.iii.limit.minor";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final RuleParams params;

    DailyLimitRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.params = params;
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final AccountProfile payer = facts.payerProfile();
        if (facts.txn().getChannel() == Channel.COUNTER || !AmountRules.inLimitCurrency(facts, settings)
                || payer == null) {
            return List.of();
        }
        final long limit = payer.getDailyNonCounterLimitMinor() != null ? payer.getDailyNonCounterLimitMinor()
                : classDefault(payer.getAccountClass());
        final long total = facts.payerNonCounterTodayMinor() + facts.txn().getAmountMinor();
        if (total <= limit) {
            return List.of();
        }
        return List.of(hits.hit("payer " + payer.getAccountClass() + " account "
                + Mask.cardOrAccount(payer.getAccountId()) + " would pay " + settings.money(total)
                + " through non-counter channels today (" + settings.money(facts.payerNonCounterTodayMinor())
                + " before this payment); daily limit " + settings.money(limit)));
    }

    private long classDefault(final AccountClass accountClass) {
        return params.longValue(switch (accountClass) {
            case CLASS_I -> CLASS_I_LIMIT;
            case CLASS_II -> CLASS_II_LIMIT;
            case CLASS_III -> CLASS_III_LIMIT;
        });
    }
}
