package io.stoppay.rules;

import java.util.List;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/**
 * 大额转账: a single large payment asks for step-up verification (a counter reminder, face
 * recognition) rather than being stopped outright.
 */
public final class LargeTransferRule implements Rule {

    static final int WEIGHT = 30;

    private final RuleSettings settings;

    public LargeTransferRule(final RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "LARGE_TRANSFER";
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final long amount = facts.txn().getAmountMinor();
        if (!AmountRules.inLimitCurrency(facts, settings) || amount < settings.largeTransferMinor()) {
            return List.of();
        }
        return List.of(new RuleHit(id(), Action.STEP_UP_VERIFY, WEIGHT,
                Money.format(amount, settings.limitCurrency()) + " is at least the large-transfer threshold "
                        + Money.format(settings.largeTransferMinor(), settings.limitCurrency())));
    }
}
