package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import stoppay.v1.AccountProfile;
import stoppay.v1.RuleHit;

/**
 * 长期不动户: an account that moved no money for a long time and suddenly moves a large amount
 * has often been sold or taken over (a bought account, 买卖账户). When it was last active comes
 * from StopPay's own memory of the account, else from the bank's profile; an account neither
 * knows is not taken for dormant. Active means money moved: an attempt that was held, or that
 * this rule flagged, does not make the account active, so a retry after a refused step-up is
 * flagged again (design note 31).
 */
final class DormantAccountRule implements Rule {

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Side side;
    private final Duration dormant;
    private final long minAmount;

    private DormantAccountRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings,
                               final Side side) {
        this.hits = hits;
        this.settings = settings;
        this.side = side;
        this.dormant = params.duration(RuleParams.DORMANT_MS);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
    }

    static DormantAccountRule payer(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new DormantAccountRule(hits, params, settings, Side.PAYER);
    }

    static DormantAccountRule payee(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        return new DormantAccountRule(hits, params, settings, Side.PAYEE);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        final long amount = facts.txn().getAmountMinor();
        if (!AmountRules.inLimitCurrency(facts, settings) || amount < minAmount) {
            return List.of();
        }
        final Instant lastActiveAt = lastActiveAt(facts);
        if (lastActiveAt == null) {
            return List.of();
        }
        final Duration idle = Duration.between(lastActiveAt, facts.eventTime());
        if (idle.compareTo(dormant) < 0) {
            return List.of();
        }
        return List.of(hits.hit(side.label() + " account " + Mask.cardOrAccount(side.accountId(facts))
                + " was last active " + Durations.roughly(idle) + " before this payment and " + side.verb()
                + " " + settings.money(amount) + "; dormant from " + Durations.exact(dormant) + ", large from "
                + settings.money(minAmount)));
    }

    /**
     * The later of StopPay's own memory of the account's last movement of money and the bank's
     * profile; null when neither knows. Either may have seen activity the other has not: a backfill
     * of old history against a profile published last night, or payments StopPay decided since the
     * profile was written. StopPay keeps only the latest movement: one after this payment (it arrived
     * first: a backlog, a feeder's retry) says nothing of the time before it, so the profile decides.
     */
    private Instant lastActiveAt(final PaymentFacts facts) {
        final Instant seen = side.activity(facts).lastMovedMoneyAt().filter(moved -> !moved.isAfter(facts.eventTime()))
                .orElse(null);
        final AccountProfile profile = side.profile(facts);
        final Instant told = profile == null ? null : profile.getLastActiveAt();
        if (seen == null || told == null) {
            return seen == null ? told : seen;
        }
        return seen.isAfter(told) ? seen : told;
    }
}
