package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * 养老诈骗 from a collection account's third victim on: an elderly payer's large payment to an
 * account opened within {@code account.age.ms} that, within {@code window.ms}, already took
 * large first payments from other payers that may be people. Counted with this payer, so the
 * payment that brings the count of distinct first-time payers to {@code min.distinct.payers} (3)
 * is the one that hits.
 *
 * <p>Why not from the first: a grandparent's first large gift to a grandchild's new account and
 * the first victim's transfer to a scheme's collection account look alike (an elderly payer, a
 * large sum, a payee opened weeks ago). Those are verified with the payer
 * ({@code ELDERLY_LARGE_TO_NEW_PAYEE} with {@code NEW_PAYEE_YOUNG_ACCOUNT}, a step-up). Nor from the
 * second: both grandparents, or a parent and a grandparent, pay a student's new account on the
 * same day. A collection account is opened to be used on many victims within days; a family's new
 * account does not take large first payments from three people in a day. Runs in the payee's
 * task, which sees every payer's inflows; amounts in minor units of the limit currency. A
 * company's or a merchant's payment (a first salary, a refund) is no first payment from a person
 * and does not count.
 */
final class ElderlyCollectionAccountRule implements Rule {

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final long minAge;
    private final long minAmount;
    private final Duration maxAccountAge;
    private final Duration window;
    private final long minPayers;

    ElderlyCollectionAccountRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.minAge = params.longValue(ElderlyPayerRule.MIN_AGE);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
        this.maxAccountAge = params.duration(NewAccountInflowRule.ACCOUNT_AGE_MS);
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minPayers = params.longValue(FanInRule.MIN_DISTINCT_PAYERS);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final AccountProfile payee = facts.payeeProfile();
        // A victim's second payment counts as much as the first: the payee is known to them by then.
        if (payee == null || payee.getMerchant() || !AmountRules.inLimitCurrency(facts, settings)
                || facts.txn().getAmountMinor() < minAmount) {
            return List.of();
        }
        final int age = ElderlyPayerRule.ageOf(facts, settings);
        final Duration accountAge = NewAccountInflowRule.payeeAccountAge(payee, facts);
        if (age < minAge || accountAge.compareTo(maxAccountAge) >= 0) {
            return List.of();
        }
        final Instant windowStart = facts.eventTime().minus(window);
        final Set<String> earlier = facts.payeeActivity().payersSince(windowStart, minAmount, true);
        final int payers = FanInRule.payersWith(earlier, Side.PAYER.accountId(facts));
        if (payers < minPayers) {
            return List.of();
        }
        return List.of(hits.hit("payer aged " + age + " pays " + settings.money(facts.txn().getAmountMinor())
                + " to account " + Mask.cardOrAccount(payee.getAccountId()) + ", opened " + Durations.roughly(accountAge)
                + " before it, which took first payments of " + settings.money(minAmount) + " or more from " + payers
                + " distinct payers in " + Durations.exact(window) + ", this one included; elderly from " + minAge
                + ", young for " + Durations.exact(maxAccountAge) + ", threshold " + minPayers));
    }
}
