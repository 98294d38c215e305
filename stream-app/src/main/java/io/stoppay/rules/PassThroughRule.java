package io.stoppay.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import stoppay.v1.RuleHit;

/**
 * 快进快出: an account that received a large sum within the window and sends most of it straight
 * on is a mule passing stolen money through. Counted with this payment, so the payment that
 * takes the share sent on to {@code min.ratio.percent} is the one that hits.
 *
 * <p>At least {@code min.inflow.minor} of what came in must be from payers paying the account for
 * the first time: victims pay a mule once, while an employer's salary or a relative's transfer
 * comes from someone who paid the account before, and a person sending most of their pay on
 * (rent, savings, a gift) is not passing stolen money through. The share sent on is still judged
 * against everything received. Price: a mule fed again and again by the same upstream account
 * over weeks is not seen by this rule once StopPay knows the pair.
 */
final class PassThroughRule implements Rule {

    static final String MIN_RATIO_PERCENT = "min.ratio.percent";

    private static final long PERCENT = 100;

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long minInflow;
    private final long minRatioPercent;

    PassThroughRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minInflow = params.longValue(RuleParams.MIN_INFLOW_MINOR);
        this.minRatioPercent = params.longValue(MIN_RATIO_PERCENT);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        // A purchase at a registered merchant spends money; it does not pass it on (payday, then a phone).
        if (!AmountRules.inLimitCurrency(facts, settings) || facts.payeeIsMerchant()) {
            return List.of();
        }
        final Instant from = facts.eventTime().minus(window);
        // Inflows before outflows: few payers received min.inflow.minor within the window, so for
        // most payments this is the only scan the rule makes. Nothing known without a scan rules
        // the rule out: what was sent on has no upper bound until the outflows are read.
        final long received = facts.payerActivity().receivedSince(from);
        // Nothing received, nothing passed through, even when min.inflow.minor is 0.
        if (received == 0 || received < minInflow) {
            return List.of();
        }
        final long sentOn = facts.payerActivity().outflowAmountSince(from) + facts.txn().getAmountMinor();
        // Rounded down; as the threshold is a whole percent, comparing the floor is exact.
        final long percent = sentOn * PERCENT / received;
        if (percent < minRatioPercent) {
            return List.of();
        }
        final long fromFirstTimePayers = facts.payerActivity().receivedFromFirstTimePayersSince(from);
        if (fromFirstTimePayers == 0 || fromFirstTimePayers < minInflow) {
            return List.of();
        }
        return List.of(hits.hit("payer received " + settings.money(received) + " in " + Durations.exact(window)
                + ", " + settings.money(fromFirstTimePayers) + " of it from first-time payers, and sends "
                + settings.money(sentOn) + " on (" + percent + "%), this payment of "
                + settings.money(facts.txn().getAmountMinor()) + " included; thresholds " + settings.money(minInflow)
                + " from first-time payers and " + minRatioPercent + "%"));
    }

    /**
     * A hit needs {@code sentOn >= received × min.ratio.percent / 100} and {@code received >=
     * min.inflow.minor}, so {@code sentOn >= min.inflow.minor × min.ratio.percent / 100}: a payment
     * that, with what the payer sent in the window, stays below that cannot be a pass-through
     * whatever inflows are still on their way, and need not wait for them. Most payments are such.
     */
    @Override
    public boolean awaitsPayerInflows(final PaymentFacts facts) {
        if (!AmountRules.inLimitCurrency(facts, settings)) {
            return false;
        }
        final long bound = minInflow * minRatioPercent;
        final long amount = facts.txn().getAmountMinor();
        return amount * PERCENT >= bound
                || (facts.payerActivity().outflowAmountSince(facts.eventTime().minus(window)) + amount) * PERCENT >= bound;
    }
}
