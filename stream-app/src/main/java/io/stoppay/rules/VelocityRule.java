package io.stoppay.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import stoppay.v1.RuleHit;

/**
 * A payer paying out faster than people do: more than {@code max.count} payments, or more than
 * {@code max.amount.minor}, within the window, this payment included, so the payment that
 * crosses the limit is the one that hits. The amount limit applies to payments in the limit
 * currency only; the count to every payment.
 */
final class VelocityRule implements Rule {

    static final String MAX_COUNT = "max.count";
    static final String MAX_AMOUNT_MINOR = "max.amount.minor";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long maxCount;
    private final long maxAmount;

    VelocityRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.maxCount = params.longValue(MAX_COUNT);
        this.maxAmount = params.longValue(MAX_AMOUNT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final Instant from = facts.eventTime().minus(window);
        final long count = facts.payerActivity().outflowCountSince(from) + 1L;
        final boolean amountCounts = AmountRules.inLimitCurrency(facts, settings);
        final long amount = facts.payerActivity().outflowAmountSince(from) + facts.txn().getAmountMinor();
        // One payment alone is not velocity; its size is LARGE_TRANSFER's business.
        if (count <= maxCount && !(amountCounts && count > 1 && amount > maxAmount)) {
            return List.of();
        }
        final String within = " in " + Durations.exact(window) + "; ";
        return List.of(hits.hit(amountCounts
                ? "payer made " + count + " payments (" + settings.money(amount) + ")" + within + "limits " + maxCount
                        + " and " + settings.money(maxAmount)
                : "payer made " + count + " payments" + within + "limit " + maxCount));
    }
}
