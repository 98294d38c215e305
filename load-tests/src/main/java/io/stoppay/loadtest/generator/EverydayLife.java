package io.stoppay.loadtest.generator;

import java.time.Instant;
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
 * Each draw of a shape pays the next payment of its run, or plans a new run.
 *
 * <p>The counterparties are the payer's {@link Circle}: its friends, relative, landlord,
 * grandchild and shops, the employer's staff, a shop's customers. From an empty start StopPay has
 * seen none of them paid; with a backfill ({@link PastPayments}) it has, but for
 * {@link #NEW_COUNTERPARTY_SHARE} of the payments, to someone outside the circle, and this
 * month's hires on a payroll: everyday life has newcomers too. A refund is always a shop's first
 * payment to its customer. Amounts are the {@link Spending}'s. Not thread-safe.
 */
final class EverydayLife {

    /**
     * Share of everyday payments (split bills, red packets, rent and family transfers, gifts) that
     * go to someone outside the payer's circle, whom no history shows them paying: a friend met at
     * this dinner, a new landlord after a move, a relative's new account. 5%: about as often as
     * people move (every two years: 1 rent in 24) or a group dinner takes in a new face, and small
     * enough that, judged like payments from an empty start (at most 2% held), they cost a shape at
     * most 0.1% of the 0.5% it may lose with history.
     */
    static final double NEW_COUNTERPARTY_SHARE = 0.05;
    /** How many people a monthly shape looks through for one who fits it (a gift: 60 or more, with room in the limit). */
    private static final int MONTHLY_SEARCH = 64;

    /** One payment of a run, not yet made. */
    record Planned(Holder payer, Party payee, long amountMinor, Channel channel) {
    }

    private final Population population;
    private final Circle circle;
    private final Spending spending;
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
        this.circle = new Circle(population);
        this.spending = new Spending(population);
        this.random = random;
        this.nextPerson = nextPerson;
        this.elderlyBornBy = population.thresholds().elderlyBornBy(asOf);
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

    /** AA制: two to four of the payer's friends paid 20–200 yuan each, then often one of its shops. */
    private void splitBill(final ArrayDeque<Planned> run) {
        final Holder payer = person(nextPerson.getAsInt());
        final int friends = 2 + random.nextInt(3);
        final int circleSize = circle.friends(payer.index());
        final int first = random.nextInt(circleSize);
        for (int i = 0; i < friends; i++) {
            run.add(new Planned(payer, counterparty(payer, circle.friend(payer.index(), (first + i) % circleSize)),
                    spending.billShare(random, payer), Channel.THIRD_PARTY_PAY));
        }
        if (random.nextBoolean()) {
            run.add(new Planned(payer, population.holder(circle.shop(payer.index(), random.nextInt(2))).party(),
                    spending.billShare(random, payer), Channel.POS));
        }
    }

    /** One to three red packets of lucky amounts, to the payer's friends and relative. */
    private void redPackets(final ArrayDeque<Planned> run) {
        final Holder payer = person(nextPerson.getAsInt());
        final int packets = 1 + random.nextInt(3);
        final int friends = circle.friends(payer.index());
        for (int i = 0; i < packets; i++) {
            final int pick = random.nextInt(friends + 1);
            final int usual = pick == friends ? circle.relative(payer.index()) : circle.friend(payer.index(), pick);
            run.add(new Planned(payer, counterparty(payer, usual), spending.redPacket(random, payer),
                    Channel.THIRD_PARTY_PAY));
        }
    }

    /** The month's rent to the landlord (the half of people who rent) or transfer to the relative (the others). */
    private void familyOrRent(final ArrayDeque<Planned> run) {
        final Holder payer = monthlyPayer(candidate -> true);
        if (payer == null) {
            return;
        }
        final boolean rent = circle.renter(payer.index());
        final int usual = rent ? circle.landlord(payer.index()) : circle.relative(payer.index());
        run.add(new Planned(payer, counterparty(payer, usual), spending.monthly(random, payer, rent),
                Spending.monthlyChannel(rent)));
    }

    /** Month end: an employer pays all its staff, seconds apart, this month's hires too. */
    private void payroll(final ArrayDeque<Planned> run) {
        final int employers = population.size(Population.Role.EMPLOYER);
        final int employer = employerCursor;
        employerCursor = (employerCursor + 1) % employers;
        final Holder payer = population.holder(population.index(Population.Role.EMPLOYER, employer));
        for (int j = 0; j < population.staff(employer); j++) {
            run.add(new Planned(payer, person(population.employee(employer, j)).party(), spending.salary(random),
                    Channel.ONLINE_BANKING));
        }
    }

    /** A grandparent's first large gift (wedding, school fees) to its grandchild living elsewhere. */
    private void grandparent(final ArrayDeque<Planned> run) {
        final Holder payer = monthlyPayer(candidate -> candidate.birthYear() != null
                && candidate.birthYear() <= elderlyBornBy && spending.canGiveLargeGift(candidate));
        if (payer != null) {
            run.add(new Planned(payer, counterparty(payer, circle.grandchild(payer.index())),
                    spending.largeGift(random, payer), Channel.MOBILE_BANKING));
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

    /** A shop gives a customer their money back: one of the two shops the customer buys at. */
    private void refund(final ArrayDeque<Planned> run) {
        final Holder customer = person(random.nextInt(population.people()));
        final Holder shop = population.holder(circle.shop(customer.index(), random.nextInt(2)));
        run.add(new Planned(shop, customer.party(), spending.refund(random), Channel.THIRD_PARTY_PAY));
    }

    /** The party of {@code usual}, or for {@link #NEW_COUNTERPARTY_SHARE} of payments someone outside the circle. */
    private Party counterparty(final Holder payer, final int usual) {
        return person(random.nextDouble() < NEW_COUNTERPARTY_SHARE ? someoneElse(payer) : usual).party();
    }

    private Holder person(final int index) {
        return population.holder(index);
    }

    /** A person other than {@code payer}, anywhere in the population: almost surely no one it ever paid. */
    private int someoneElse(final Holder payer) {
        final int people = population.people();
        return (payer.index() + 1 + random.nextInt(people - 1)) % people;
    }
}
