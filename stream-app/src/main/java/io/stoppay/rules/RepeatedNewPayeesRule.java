package io.stoppay.rules;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import stoppay.v1.RuleHit;

/**
 * A payer paying one new payee after another within a short window: the pattern of a victim
 * being walked through transfers by a scammer ("safe account", refund, investment). Distinct
 * payees are counted, this one included, so the payment that reaches {@code min.count} is the one
 * that hits; paying one new payee several times is one new payee.
 *
 * <p>Only sums a scammer asks for count: a payment below {@code min.amount.minor} (a split bill,
 * a red packet of 88, a gift to a cousin) is everyday life, neither counted nor hit. A count is
 * not proof: a family's busy evening pays several new people too, so by default this rule reviews
 * and adds its weight, and holds only with another sign through the score (a young payee account,
 * an elderly payer, large sums to new payees). Amounts are compared in minor units whatever their
 * currency (StopPay does no FX conversion).
 *
 * <p>Only steps a walk can have are judged ({@link PaymentFacts#mayBeWalkStep()}): a person paying
 * a new payee that is not a registered merchant; purchases are not counted either.
 */
final class RepeatedNewPayeesRule implements Rule {

    static final String MIN_COUNT = "min.count";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long minCount;
    private final long minAmount;

    RepeatedNewPayeesRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minCount = params.longValue(MIN_COUNT);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!facts.mayBeWalkStep()
                || facts.txn().getAmountMinor() < minAmount) {
            return List.of();
        }
        final Set<String> newPayees =
                facts.payerActivity().newPayeesSince(facts.eventTime().minus(window), minAmount);
        newPayees.add(facts.txn().getPayee().getAccountId());
        final long count = newPayees.size();
        if (count < minCount) {
            return List.of();
        }
        return List.of(hits.hit("payer pays " + count + " new payees " + settings.money(minAmount)
                + " or more each in " + Durations.exact(window) + ", this one included; threshold " + minCount));
    }
}
