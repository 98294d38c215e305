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
 */
final class RepeatedNewPayeesRule implements Rule {

    static final String MIN_COUNT = "min.count";

    private final HitTemplate hits;
    private final Duration window;
    private final long minCount;

    RepeatedNewPayeesRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minCount = params.longValue(MIN_COUNT);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!facts.newPayee()) {
            return List.of();
        }
        final Set<String> newPayees = facts.payerActivity().newPayeesSince(facts.eventTime().minus(window));
        newPayees.add(facts.txn().getPayee().getAccountId());
        final long count = newPayees.size();
        if (count < minCount) {
            return List.of();
        }
        return List.of(hits.hit("payer pays " + count + " new payees in " + Durations.exact(window)
                + ", this one included; threshold " + minCount));
    }
}
