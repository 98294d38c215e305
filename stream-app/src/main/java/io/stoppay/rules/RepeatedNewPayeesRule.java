package io.stoppay.rules;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * A payer paying one new payee after another within a short window: the pattern of a victim
 * being walked through transfers by a scammer ("safe account", refund, investment). Distinct
 * payees are counted, this one included, so the payment that reaches {@code min.count} is the one
 * that hits; paying one new payee several times is one new payee.
 *
 * <p>Only sums a scammer asks for count: a payment below {@code min.amount.minor} (a split bill,
 * a red packet of 88, a gift to a cousin) is everyday life, neither counted nor hit. Registered
 * merchants are never new payees (see {@link PaymentFacts#newPayee()}). A count is not proof: a
 * payroll run or a family's busy evening pays several new people too, so by default this rule
 * reviews and adds its weight, and holds only with another sign (a young payee account, an
 * elderly payer, velocity and more), through the score. Amounts of past payments are compared as
 * recorded; a payment in another currency than the limit currency counts whatever its amount.
 *
 * <p>Payers whose business is paying many new people are not judged: a registered merchant
 * (refunds) and an account whose bank set its daily non-counter limit at {@code vetted.limit.minor}
 * or more, far above any class default, which a bank does for a business it has vetted for
 * payroll and suppliers. A bank lowering a suspect's limit (a common control) changes nothing.
 */
final class RepeatedNewPayeesRule implements Rule {

    static final String MIN_COUNT = "min.count";
    static final String VETTED_LIMIT_MINOR = "vetted.limit.minor";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long minCount;
    private final long minAmount;
    private final long vettedLimit;

    RepeatedNewPayeesRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minCount = params.longValue(MIN_COUNT);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
        this.vettedLimit = params.longValue(VETTED_LIMIT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!facts.newPayee() || paysNewPeopleByTrade(facts.payerProfile())
                || AmountRules.inLimitCurrency(facts, settings) && facts.txn().getAmountMinor() < minAmount) {
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

    private boolean paysNewPeopleByTrade(final AccountProfile payer) {
        return payer != null && (payer.getMerchant()
                || payer.getDailyNonCounterLimitMinor() != null && payer.getDailyNonCounterLimitMinor() >= vettedLimit);
    }
}
