package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.util.List;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * A sizeable first payment to an account opened within {@code account.age.ms}: the collection
 * accounts of scams are opened (or bought) for the job and used up within weeks, so a young payee
 * is what turns an elderly payer's large gift, or a run of new payees, from everyday life into
 * something to hold. Alone it only reviews: children and tenants open accounts too. Payees StopPay
 * has no profile of (another bank's accounts) are not judged.
 */
final class YoungPayeeAccountRule implements Rule {

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration maxAge;
    private final long minAmount;

    YoungPayeeAccountRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.maxAge = params.duration(NewAccountInflowRule.ACCOUNT_AGE_MS);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final AccountProfile payee = facts.payeeProfile();
        if (payee == null || !facts.newPayee() || !AmountRules.inLimitCurrency(facts, settings)
                || facts.txn().getAmountMinor() < minAmount) {
            return List.of();
        }
        final Duration age = NewAccountInflowRule.payeeAccountAge(payee, facts);
        if (age.compareTo(maxAge) >= 0) {
            return List.of();
        }
        return List.of(hits.hit("first payment of " + settings.money(facts.txn().getAmountMinor()) + " to account "
                + Mask.cardOrAccount(payee.getAccountId()) + ", opened " + Durations.roughly(age)
                + " before it; young for " + Durations.exact(maxAge) + ", from " + settings.money(minAmount)));
    }
}
