package io.stoppay.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import stoppay.v1.RuleHit;

/**
 * 跑分: an account collecting money from many different payers within a short window is a
 * collection account (收款卡) used to receive victims' money. Counted with this payer, so the
 * payment that brings the count to {@code min.distinct.payers} is the one that hits. A registered
 * merchant receives from many payers by its nature and never hits on fan-in alone.
 *
 * <p>Towards {@code min.distinct.payers} count only payers of at least {@code min.amount.minor}
 * paying the account for the first time, and only such a payment hits. The friends settling a
 * shared dinner (AA制) or the relatives sending red packets pay one person small sums, while a
 * victim sends a collection account thousands; friends who paid a trip's organiser before are not
 * victims, nor is a company or a merchant paying (see
 * {@link io.stoppay.behaviour.RecentActivity#receivedFromFirstTimePayersSince}). Amounts are compared in minor
 * units whatever their currency (StopPay does no FX conversion). A collection account fed small
 * sums (gambling top-ups, or structuring just below the amount) is seen by a second, higher count:
 * {@code min.distinct.payers.any.amount} distinct payers of any amount within the window.
 */
final class FanInRule implements Rule {

    static final String MIN_DISTINCT_PAYERS = "min.distinct.payers";
    static final String MIN_DISTINCT_PAYERS_ANY_AMOUNT = "min.distinct.payers.any.amount";

    private final HitTemplate hits;
    private final RuleSettings settings;
    private final Duration window;
    private final long minPayers;
    private final long minAmount;
    private final long minPayersAnyAmount;

    FanInRule(final HitTemplate hits, final RuleParams params, final RuleSettings settings) {
        this.hits = hits;
        this.settings = settings;
        this.window = params.duration(RuleParams.WINDOW_MS);
        this.minPayers = params.longValue(MIN_DISTINCT_PAYERS);
        this.minAmount = params.longValue(RuleParams.MIN_AMOUNT_MINOR);
        this.minPayersAnyAmount = params.longValue(MIN_DISTINCT_PAYERS_ANY_AMOUNT);
    }

    @Override
    public List<RuleHit> evaluate(final PaymentFacts facts) {
        if (facts.payeeIsMerchant()) {
            return List.of();
        }
        final Instant now = facts.eventTime();
        final Instant windowStart = now.minus(window);
        final String payer = Side.PAYER.accountId(facts);
        if (facts.txn().getAmountMinor() >= minAmount && facts.firstPaymentFromAPerson()) {
            final int payers = payersWith(facts.payeeActivity().payersSince(windowStart, minAmount, true), payer);
            if (payers >= minPayers) {
                return List.of(hits.hit("payee received first payments of " + settings.money(minAmount)
                        + " or more from " + payers + " distinct payers in "
                        + since(facts, windowStart, minAmount, true) + "; threshold " + minPayers));
            }
        }
        // Small sums from very many: a collection account for gambling top-ups, or structuring below the amount.
        final int payers = payersWith(facts.payeeActivity().payersSince(windowStart, 0, false), payer);
        if (payers < minPayersAnyAmount) {
            return List.of();
        }
        return List.of(hits.hit("payee received from " + payers + " distinct payers in "
                + since(facts, windowStart, 0, false) + ", any amount; threshold " + minPayersAnyAmount));
    }

    /** How long ago the first counted payment of the window came in. */
    private static String since(final PaymentFacts facts, final Instant windowStart, final long minAmountMinor,
                                final boolean firstTimeOnly) {
        final Instant now = facts.eventTime();
        return Durations.roughly(Duration.between(facts.payeeActivity()
                .firstInflowSince(windowStart, minAmountMinor, firstTimeOnly).orElse(now), now));
    }

    /** How many distinct payers {@code earlier} and this payer are, without copying the set. */
    static int payersWith(final Set<String> earlier, final String payer) {
        return earlier.contains(payer) ? earlier.size() : earlier.size() + 1;
    }
}
