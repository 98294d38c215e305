package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.util.List;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * A recently opened account receiving a large sum within the window: mule accounts are opened
 * (or bought) to receive victims' money and are used up within weeks. Counted with this payment,
 * so the payment that reaches {@code min.inflow.minor} is the one that hits.
 */
final class NewAccountInflowRule implements Rule {

    static final String ACCOUNT_AGE_MS = "account.age.ms";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration maxAge;
    private final Duration window;
    private final long minInflow;

    NewAccountInflowRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.maxAge = params.duration(ACCOUNT_AGE_MS);
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minInflow = params.longValue(RuleParams.MIN_INFLOW_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final AccountProfile payee = facts.payeeProfile();
        if (payee == null || !AmountRules.inLimitCurrency(facts, settings)) {
            return List.of();
        }
        final Duration age = NewAccountInflowRule.payeeAccountAge(payee, facts);
        // Most payees are not new: judge the age before reading the inflows, a range scan.
        if (age.compareTo(maxAge) >= 0) {
            return List.of();
        }
        final long received = facts.payeeActivity().receivedSince(facts.eventTime().minus(window))
                + facts.txn().getAmountMinor();
        if (received < minInflow) {
            return List.of();
        }
        return List.of(hits.hit("payee account " + Mask.cardOrAccount(payee.getAccountId()) + " opened "
                + Durations.roughly(age) + " before this payment receives " + settings.money(received) + " in "
                + Durations.exact(window) + ", this payment of " + settings.money(facts.txn().getAmountMinor())
                + " included; new for " + Durations.exact(maxAge) + ", threshold " + settings.money(minInflow)));
    }

    /** How long before the payment the payee's account was opened; opened "after" it is clocks apart, and as young as can be. */
    static Duration payeeAccountAge(final AccountProfile payee, final PaymentFacts facts) {
        return Durations.atLeastZero(Duration.between(payee.getOpenedAt(), facts.eventTime()));
    }
}
