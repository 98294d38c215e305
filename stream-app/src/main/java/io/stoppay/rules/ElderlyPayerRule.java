package io.stoppay.rules;

import java.util.List;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * 养老诈骗: an elderly payer sending a large amount to a payee they have never paid, or to a
 * restricted one, is held and the police warned, so the victim can be reached before paying.
 */
final class ElderlyPayerRule implements Rule {

    static final String MIN_AGE = "min.age";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final long minAge;
    private final long minAmount;

    ElderlyPayerRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.minAge = params.longValue(MIN_AGE);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!AmountRules.inLimitCurrency(facts, settings) || facts.txn().getAmountMinor() < minAmount
                || !(facts.newPayee() || facts.payeeRestricted())) {
            return List.of();
        }
        final int age = ageOf(facts, settings);
        if (age < minAge) {
            return List.of();
        }
        return List.of(hits.hit("payer aged " + age + " sends " + settings.money(facts.txn().getAmountMinor())
                + " to a " + (facts.payeeRestricted() ? "restricted" : "new") + " payee (elderly from " + minAge
                + ", large from " + settings.money(minAmount) + ")"));
    }

    /**
     * The payer holder's age in years in the year of the payment (in the configured zone); -1
     * when StopPay has no profile of the payer or it names no birth year (a company).
     */
    static int ageOf(final PaymentFacts facts, final RuleSettings settings) {
        final AccountProfile payer = facts.payerProfile();
        if (payer == null || payer.getHolderBirthYear() == null) {
            return -1;
        }
        return facts.eventTime().atZone(settings.zone()).getYear() - payer.getHolderBirthYear();
    }
}
