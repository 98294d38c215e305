package io.stoppay.rules;

import java.util.List;
import stoppay.v1.Action;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;

/**
 * A payer under VICTIM_WATCH (a likely victim the police asked to protect) sending a large
 * amount: HOLD, so the bank can call and the police can dissuade (预警劝阻) before money moves.
 */
public final class ProtectedPayerRule implements Rule {

    static final int WEIGHT = 60;

    private final RuleSettings settings;

    public ProtectedPayerRule(final RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return RuleBook.PAYER_PROTECTED;
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!AmountRules.inLimitCurrency(facts, settings) || facts.txn().getAmountMinor() < settings.protectedLargeMinor()) {
            return List.of();
        }
        for (final SubjectCheck subject : facts.payerSubjects()) {
            final Restriction protection = subject.protection();
            if (protection != null) {
                return List.of(new RuleHit(id(), Action.HOLD, WEIGHT, subject.maskedLabel()
                        + " is under VICTIM_WATCH (source " + protection.getSource() + ") and sends "
                        + Money.format(facts.txn().getAmountMinor(), settings.limitCurrency())
                        + ", at least " + Money.format(settings.protectedLargeMinor(), settings.limitCurrency())));
            }
        }
        return List.of();
    }
}
