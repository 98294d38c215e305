package io.stoppay.rules;

import java.util.List;
import stoppay.v1.Restriction;
import stoppay.v1.RuleHit;

/**
 * A payer under VICTIM_WATCH (a likely victim the police asked to protect) sending a large
 * amount: held, so the bank can call and the police can dissuade (预警劝阻) before money moves.
 */
final class ProtectedPayerRule implements Rule {

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final long minAmount;

    ProtectedPayerRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (!AmountRules.inLimitCurrency(facts, settings) || facts.txn().getAmountMinor() < minAmount) {
            return List.of();
        }
        for (final SubjectCheck subject : facts.payerSubjects()) {
            // Who the payer is (account, card, phone, ID), not the device or IP it paid from.
            final Restriction protection = subject.isChannelIdentifier() ? null : subject.protection();
            if (protection != null) {
                return List.of(hits.hit(subject.maskedLabel() + " is under VICTIM_WATCH (source "
                        + protection.getSource() + ") and sends " + settings.money(facts.txn().getAmountMinor())
                        + ", at least " + settings.money(minAmount)));
            }
        }
        return List.of();
    }
}
