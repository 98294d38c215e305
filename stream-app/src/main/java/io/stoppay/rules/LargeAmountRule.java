package io.stoppay.rules;

import java.util.List;
import java.util.function.Predicate;
import stoppay.v1.Channel;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RuleHit;

/**
 * A single large payment of some kind asks for step-up verification (a counter reminder, face
 * recognition) rather than being stopped outright: 大额转账 of any kind, and lower thresholds for
 * kinds where money is harder to recall: cross-border, and digital RMB (数字人民币, settled at once).
 */
final class LargeAmountRule implements Rule {

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final long minAmount;
    private final Predicate<PaymentTransaction> kind;
    private final String kindLabel;

    private LargeAmountRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings,
                            final Predicate<PaymentTransaction> kind, final String kindLabel) {
        this.hits = hits;
        this.settings = settings;
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
        this.kind = kind;
        this.kindLabel = kindLabel;
    }

    static LargeAmountRule anyPayment(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new LargeAmountRule(hits, params, settings, txn -> true, "payment");
    }

    static LargeAmountRule crossBorder(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new LargeAmountRule(hits, params, settings, PaymentTransaction::getCrossBorder, "cross-border payment");
    }

    static LargeAmountRule digitalRmb(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new LargeAmountRule(hits, params, settings, txn -> txn.getChannel() == Channel.DIGITAL_RMB,
                "digital RMB payment");
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final long amount = facts.txn().getAmountMinor();
        if (!kind.test(facts.txn()) || !AmountRules.inLimitCurrency(facts, settings) || amount < minAmount) {
            return List.of();
        }
        return List.of(hits.hit(kindLabel + " of " + settings.money(amount) + " is at least " + settings.money(minAmount)));
    }
}
