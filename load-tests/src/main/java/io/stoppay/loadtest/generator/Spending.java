package io.stoppay.loadtest.generator;

import java.util.SplittableRandom;
import stoppay.v1.Channel;

/**
 * What people pay and through which channel, in one place for live traffic and for the history a
 * backfill loads ({@link PastPayments}): a split bill's share in the history is the size of one in
 * the live traffic. All amounts are fen (CNY minor units).
 *
 * <p>Amounts keep to each payer's class: an ordinary payment at most 1/25 of its daily non-counter
 * limit (and CNY 1,000), an everyday shape's at most a quarter, the month's rent or family transfer
 * at most a half, so that a limit hit is a rule's doing, not the generator's. Salaries stay under
 * RAPID_PASS_THROUGH's minimum inflow, as real ones mostly do. Stateless: the caller's random
 * decides.
 */
final class Spending {

    /** 6.66, 8.88, 66, 88, 168, 520, 888 and 1,314 yuan: what red packets carry, in fen. */
    static final long[] LUCKY_AMOUNTS = {666, 888, 6_600, 8_800, 16_800, 52_000, 88_800, 131_400};
    private static final long YUAN = 100;
    /** Largest ordinary payment of a person, and at most this fraction of their daily limit. */
    private static final long PERSON_MAX_MINOR = 1_000 * YUAN;
    private static final int DAILY_LIMIT_FRACTION = 25;
    private static final long SALARY_MIN_MINOR = 3_000 * YUAN;
    private static final long SALARY_MAX_MINOR = 9_800 * YUAN;
    private static final Channel[] FAMILY = {Channel.MOBILE_BANKING, Channel.ONLINE_BANKING};
    private static final Channel[] BILLS = {Channel.ONLINE_BANKING, Channel.THIRD_PARTY_PAY};
    private static final Channel[] SHOPS = {Channel.POS, Channel.THIRD_PARTY_PAY, Channel.DIGITAL_RMB};

    /** An amount in fen and the channel it went through. */
    record Spent(long amountMinor, Channel channel) {
    }

    private final Population population;
    private final Thresholds thresholds;

    Spending(final Population population) {
        this.population = population;
        this.thresholds = population.thresholds();
    }

    /**
     * A payment to someone {@code payer} always pays: family 20 yuan up, by mobile or online
     * banking; a utility's bill 30–600 yuan; a shop 5–500 yuan, at a till, by app or in digital RMB.
     */
    Spent ordinary(final SplittableRandom random, final Holder payer, final int payee) {
        final long cap = Math.min(PERSON_MAX_MINOR, thresholds.dailyLimit(payer.accountClass()) / DAILY_LIMIT_FRACTION);
        if (population.role(payee) == Population.Role.PERSON) {
            final long amount = between(random, 20 * YUAN, cap);
            return new Spent(amount, pick(random, FAMILY));
        }
        if (population.utility(payee)) {
            final long amount = between(random, 30 * YUAN, Math.min(cap, 600 * YUAN));
            return new Spent(amount, pick(random, BILLS));
        }
        final long amount = between(random, 5 * YUAN, Math.min(cap, 500 * YUAN));
        return new Spent(amount, pick(random, SHOPS));
    }

    /** One friend's share of a bill split AA制, or the shop's part of it: 20–200 yuan. */
    long billShare(final SplittableRandom random, final Holder payer) {
        return between(random, 20 * YUAN, Math.min(200 * YUAN, quarterOfLimit(payer)));
    }

    /** A red packet: a lucky amount, a small one when the large ones exceed a quarter of the limit. */
    long redPacket(final SplittableRandom random, final Holder payer) {
        final long cap = quarterOfLimit(payer);
        long amount = LUCKY_AMOUNTS[random.nextInt(LUCKY_AMOUNTS.length)];
        while (amount > cap) {
            amount = LUCKY_AMOUNTS[random.nextInt(3)];
        }
        return amount;
    }

    /** The month's rent to a landlord (1,500–6,000 yuan) or transfer to a parent or child (500–3,000), within half the limit. */
    long monthly(final SplittableRandom random, final Holder payer, final boolean rent) {
        final long cap = 2 * quarterOfLimit(payer);
        final long from = (rent ? 1_500 : 500) * YUAN;
        final long to = (rent ? 6_000 : 3_000) * YUAN;
        return between(random, Math.min(from, cap), Math.min(to, cap));
    }

    /** The channel of the month's rent (online banking) or family transfer (the mobile app). */
    static Channel monthlyChannel(final boolean rent) {
        return rent ? Channel.ONLINE_BANKING : Channel.MOBILE_BANKING;
    }

    /** A month's salary: 3,000 yuan up to just under RAPID_PASS_THROUGH's minimum inflow (9,800 at most). */
    long salary(final SplittableRandom random) {
        return between(random, SALARY_MIN_MINOR, Math.min(SALARY_MAX_MINOR, thresholds.passThroughMinInflow() - 2 * YUAN));
    }

    /**
     * A grandparent's first large gift (wedding, school fees): from the elderly large amount to
     * three times it (CNY 5,000–15,000 by default), within half the payer's daily limit.
     */
    long largeGift(final SplittableRandom random, final Holder payer) {
        return between(random, thresholds.elderlyMinAmount(),
                Math.min(2 * quarterOfLimit(payer), 3 * thresholds.elderlyMinAmount()));
    }

    /** True when {@code payer}'s limit leaves room for a {@link #largeGift}. */
    boolean canGiveLargeGift(final Holder payer) {
        return 2 * quarterOfLimit(payer) >= thresholds.elderlyMinAmount();
    }

    /** A shop's refund: 20–2,000 yuan. */
    long refund(final SplittableRandom random) {
        return between(random, 20 * YUAN, 2_000 * YUAN);
    }

    private long quarterOfLimit(final Holder payer) {
        return thresholds.dailyLimit(payer.accountClass()) / 4;
    }

    /** A whole amount of fen in {@code [from, to)}, or {@code from} when the range is empty. */
    static long between(final SplittableRandom random, final long from, final long to) {
        return to <= from ? from : from + random.nextLong(to - from);
    }

    static <T> T pick(final SplittableRandom random, final T[] from) {
        return from[random.nextInt(from.length)];
    }
}
