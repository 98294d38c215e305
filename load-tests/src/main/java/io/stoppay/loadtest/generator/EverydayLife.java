package io.stoppay.loadtest.generator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import stoppay.v1.Channel;
import stoppay.v1.Party;

/**
 * What ordinary people do besides paying whom they always pay (FIELD-NOTES, "Ordinary people"),
 * as runs of payments: a bill split among friends, red packets with lucky amounts, the month's
 * transfer to family or rent, a payroll run, a grandparent's first large gift, a shop's refund.
 * Each draw of a shape pays the next payment of its run, or plans a new run. Friends, landlords
 * and grandchildren are people the payer never paid: on day one, with no history, that is what
 * everyday life looks like.
 *
 * <p>Amounts keep to each payer's class: at most a quarter (a half for one payment a month) of
 * its daily non-counter limit, so a limit hit is a rule's doing, not the generator's. Salaries
 * stay under RAPID_PASS_THROUGH's minimum inflow, as real ones mostly do. Not thread-safe.
 */
final class EverydayLife {

    /** 6.66, 8.88, 66, 88, 168, 520, 888 and 1,314 yuan: what red packets carry, in fen. */
    static final long[] LUCKY_AMOUNTS = {666, 888, 6_600, 8_800, 16_800, 52_000, 88_800, 131_400};
    private static final long YUAN = 100;
    private static final long SALARY_MIN_MINOR = 3_000 * YUAN;
    private static final long SALARY_MAX_MINOR = 9_800 * YUAN;
    /** How many people a monthly shape looks through for one who fits it (a gift: 60 or more, with room in the limit). */
    private static final int MONTHLY_SEARCH = 64;

    /** One payment of a run, not yet made. */
    record Planned(Holder payer, Party payee, long amountMinor, Channel channel) {
    }

    private final Population population;
    private final Thresholds thresholds;
    private final SplittableRandom random;
    private final IntSupplier nextPerson;
    private final int elderlyBornBy;
    private final Map<Scenario, ArrayDeque<Planned>> runs = new EnumMap<>(Scenario.class);
    /** Who paid their month's rent, family transfer or gift: once a month, and a run is shorter than that. */
    private final BitSet paidMonthly = new BitSet();
    private int employerCursor;

    /**
     * @param nextPerson the next person to pay (an index below {@code population.people()}), shared
     *                   with the rest of ordinary traffic so no one pays faster than people do
     * @param asOf       the traffic's start: who is 60 or older is judged in its year
     */
    EverydayLife(final Population population, final SplittableRandom random, final IntSupplier nextPerson,
                 final Instant asOf) {
        this.population = population;
        this.thresholds = population.thresholds();
        this.random = random;
        this.nextPerson = nextPerson;
        this.elderlyBornBy = asOf.atZone(ZoneOffset.UTC).getYear() - thresholds.elderlyAge();
    }

    /** The next payment of {@code shape}'s run, planning a new run when the last is paid; null when none fits. */
    Planned next(final Scenario shape) {
        final ArrayDeque<Planned> run = runs.computeIfAbsent(shape, s -> new ArrayDeque<>());
        if (run.isEmpty()) {
            plan(shape, run);
        }
        return run.poll();
    }

    private void plan(final Scenario shape, final ArrayDeque<Planned> run) {
        switch (shape) {
            case SPLIT_BILL -> splitBill(run);
            case RED_PACKET -> redPackets(run);
            case FAMILY_AND_RENT -> familyOrRent(run);
            case PAYROLL_RUN -> payroll(run);
            case GRANDPARENT_GIFT -> grandparent(run);
            case REFUND -> refund(run);
            default -> throw new IllegalArgumentException(shape + " is not an everyday shape");
        }
    }

    /** AA制: two to four friends paid 20–200 yuan each, then often the shop the meal was at. */
    private void splitBill(final ArrayDeque<Planned> run) {
        final Holder payer = person(nextPerson.getAsInt());
        final long cap = Math.min(200 * YUAN, quarterOfLimit(payer));
        final int friends = 2 + random.nextInt(3);
        for (int i = 0; i < friends; i++) {
            run.add(new Planned(payer, someoneElse(payer).party(), between(20 * YUAN, cap), Channel.THIRD_PARTY_PAY));
        }
        if (random.nextBoolean()) {
            run.add(new Planned(payer, shop().party(), between(20 * YUAN, cap), Channel.POS));
        }
    }

    /** One to three red packets of lucky amounts, to family or friends. */
    private void redPackets(final ArrayDeque<Planned> run) {
        final Holder payer = person(nextPerson.getAsInt());
        final long cap = quarterOfLimit(payer);
        final int packets = 1 + random.nextInt(3);
        for (int i = 0; i < packets; i++) {
            long amount = LUCKY_AMOUNTS[random.nextInt(LUCKY_AMOUNTS.length)];
            while (amount > cap) {
                amount = LUCKY_AMOUNTS[random.nextInt(3)];
            }
            run.add(new Planned(payer, someoneElse(payer).party(), amount, Channel.THIRD_PARTY_PAY));
        }
    }

    /** The month's transfer to a parent or child (500–3,000 yuan), or the rent to a landlord (1,500–6,000). */
    private void familyOrRent(final ArrayDeque<Planned> run) {
        final Holder payer = monthlyPayer(candidate -> true);
        if (payer == null) {
            return;
        }
        final long cap = 2 * quarterOfLimit(payer);
        final boolean rent = random.nextBoolean();
        final long from = (rent ? 1_500 : 500) * YUAN;
        final long to = (rent ? 6_000 : 3_000) * YUAN;
        run.add(new Planned(payer, someoneElse(payer).party(), between(Math.min(from, cap), Math.min(to, cap)),
                rent ? Channel.ONLINE_BANKING : Channel.MOBILE_BANKING));
    }

    /** Month end: an employer pays all its staff, seconds apart. */
    private void payroll(final ArrayDeque<Planned> run) {
        final int employers = population.size(Population.Role.EMPLOYER);
        final int employer = employerCursor;
        employerCursor = (employerCursor + 1) % employers;
        final Holder payer = population.holder(population.index(Population.Role.EMPLOYER, employer));
        final long ceiling = Math.min(SALARY_MAX_MINOR, thresholds.passThroughMinInflow() - 2 * YUAN);
        for (int j = 0; j < population.staff(employer); j++) {
            run.add(new Planned(payer, person(population.employee(employer, j)).party(),
                    between(SALARY_MIN_MINOR, ceiling), Channel.ONLINE_BANKING));
        }
    }

    /**
     * A grandparent's first large gift (wedding, school fees) to a grandchild living elsewhere:
     * from the elderly large amount to three times it (CNY 5,000–15,000 by default), within half
     * the payer's daily limit.
     */
    private void grandparent(final ArrayDeque<Planned> run) {
        final Holder payer = monthlyPayer(candidate -> candidate.birthYear() != null
                && candidate.birthYear() <= elderlyBornBy && 2 * quarterOfLimit(candidate) >= thresholds.elderlyMinAmount());
        if (payer != null) {
            run.add(new Planned(payer, someoneElse(payer).party(), between(thresholds.elderlyMinAmount(),
                    Math.min(2 * quarterOfLimit(payer), 3 * thresholds.elderlyMinAmount())), Channel.MOBILE_BANKING));
        }
    }

    /** The next person in turn who fits and has not made this month's payment yet; null when none of the next few does. */
    private Holder monthlyPayer(final Predicate<Holder> fits) {
        for (int tries = 0; tries < MONTHLY_SEARCH; tries++) {
            final Holder candidate = person(nextPerson.getAsInt());
            if (!paidMonthly.get(candidate.index()) && fits.test(candidate)) {
                paidMonthly.set(candidate.index());
                return candidate;
            }
        }
        return null;
    }

    /** A shop gives a customer their money back: 20–2,000 yuan. */
    private void refund(final ArrayDeque<Planned> run) {
        run.add(new Planned(shop(), person(random.nextInt(population.people())).party(),
                between(20 * YUAN, 2_000 * YUAN), Channel.THIRD_PARTY_PAY));
    }

    private Holder person(final int index) {
        return population.holder(index);
    }

    /** A person other than {@code payer}, anywhere in the population: a friend, a landlord, a grandchild. */
    private Holder someoneElse(final Holder payer) {
        final int people = population.people();
        return person((payer.index() + 1 + random.nextInt(people - 1)) % people);
    }

    private Holder shop() {
        final int merchants = population.size(Population.Role.MERCHANT);
        int index;
        do {
            index = population.index(Population.Role.MERCHANT, random.nextInt(merchants));
        } while (population.utility(index));
        return population.holder(index);
    }

    private long quarterOfLimit(final Holder payer) {
        return thresholds.dailyLimit(payer.accountClass()) / 4;
    }

    private long between(final long from, final long to) {
        return between(random, from, to);
    }

    /** A whole amount of fen in {@code [from, to)}, or {@code from} when the range is empty. */
    static long between(final SplittableRandom random, final long from, final long to) {
        return to <= from ? from : from + random.nextLong(to - from);
    }
}
