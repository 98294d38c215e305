package io.stoppay.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import stoppay.internal.v1.Flow;
import stoppay.v1.RuleHit;

/**
 * A person sending large sums to people they never paid, within half an hour: what a victim
 * walked through a "safe account" transfer does, whoever the payees are (established accounts,
 * other banks' accounts StopPay has no profile of). Counts this payment with the earlier ones to
 * new payees in the window; hits when at least {@code min.count} new payees together received
 * {@code min.total.minor}. Family transfers, split bills and gifts stay far below it; a company's
 * payroll is not a person's ({@link PaymentFacts#mayBeWalkStep()}), and one large purchase is one
 * payee. Registered merchants are not counted. Amounts in minor units whatever their currency (no FX conversion).
 */
final class NewPayeesLargeSumRule implements Rule {

    static final String MIN_TOTAL_MINOR = "min.total.minor";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long minCount;
    private final long minTotal;

    NewPayeesLargeSumRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minCount = params.longValue(RepeatedNewPayeesRule.MIN_COUNT);
        this.minTotal = params.longValue(MIN_TOTAL_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!facts.mayBeWalkStep()) {
            return List.of();
        }
        final Instant from = facts.eventTime().minus(window);
        final Set<String> payees = new HashSet<>();
        payees.add(facts.txn().getPayee().getAccountId());
        long total = facts.txn().getAmountMinor();
        for (final Flow flow : facts.payerActivity().outflowsSince(from)) {
            if (flow.getNewCounterparty()) {
                payees.add(flow.getCounterparty());
                total += flow.getAmountMinor();
            }
        }
        if (payees.size() < minCount || total < minTotal) {
            return List.of();
        }
        return List.of(hits.hit("payer sends " + settings.money(total) + " to " + payees.size() + " new payees in "
                + Durations.exact(window) + ", this payment included; thresholds " + settings.money(minTotal)
                + " and " + minCount + " payees"));
    }
}
