package io.stoppay.rules;

import java.util.List;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/**
 * 养老诈骗: an elderly payer sending a large amount to a payee they have never paid, or to a
 * restricted one, is held and the police warned, so the victim can be reached before paying.
 */
public final class ElderlyPayerRule implements Rule {

    static final int WEIGHT = 60;

    private final RuleSettings settings;

    public ElderlyPayerRule(final RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return RuleBook.ELDERLY;
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (facts.payerProfile() == null || facts.payerProfile().getHolderBirthYear() == null
                || !AmountRules.inLimitCurrency(facts, settings)
                || facts.txn().getAmountMinor() < settings.elderlyLargeMinor()
                || !(facts.newPayee() || facts.payeeRestricted())) {
            return List.of();
        }
        final int age = facts.eventTime().atZone(settings.zone()).getYear() - facts.payerProfile().getHolderBirthYear();
        if (age < settings.elderlyAge()) {
            return List.of();
        }
        return List.of(new RuleHit(id(), Action.HOLD, WEIGHT, "payer aged " + age + " sends "
                + Money.format(facts.txn().getAmountMinor(), settings.limitCurrency()) + " to a "
                + (facts.payeeRestricted() ? "restricted" : "new") + " payee (elderly from " + settings.elderlyAge()
                + ", large from " + Money.format(settings.elderlyLargeMinor(), settings.limitCurrency()) + ")"));
    }
}
