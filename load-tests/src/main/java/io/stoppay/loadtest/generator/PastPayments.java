package io.stoppay.loadtest.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import stoppay.v1.Channel;

/**
 * The ordinary history of a {@link Population} for a backfill ({@code payments.history.v1}): what
 * its people and employers paid in the days before the traffic starts, to the same counterparties
 * the live traffic pays ({@link Circle}), in the same amounts ({@link Spending}). So a StopPay that
 * recorded it knows the payees of the live everyday shapes, but for their newcomers.
 *
 * <p>Each relation is a {@link Habit}: a payment every so often, the latest at a fixed time before
 * the end, earlier ones a period apart:
 * <ul>
 *   <li>household members and the two shops every 10–20 days, the utility's bill every 30
 *       ({@link Scenario#ORDINARY});</li>
 *   <li>each friend every 14–28 days, a bill's share or a red packet in turn
 *       ({@link Scenario#SPLIT_BILL}, {@link Scenario#RED_PACKET});</li>
 *   <li>the month's transfer to the relative, and the rent to the landlord of those who rent, 27
 *       to 30 days before the end: this month's falls in the live traffic
 *       ({@link Scenario#FAMILY_AND_RENT});</li>
 *   <li>an employer's payroll, its staff seconds apart, 27 to 30 days before the end, but for this
 *       month's hires ({@link Scenario#PAYROLL_RUN});</li>
 *   <li>a red packet from a person of 60 or more to its grandchild every 7–14 days
 *       ({@link Scenario#GRANDPARENT_GIFT}, small ones: the large gift is the live traffic's).</li>
 * </ul>
 * No payment is older than either account, so a young account's history is short. The fraud cast
 * (victims, mules, collection and listed accounts, dormant and farmed ones) pays and is paid
 * nothing here, so that every fraud step stays a first payment to a new payee and a dormant account
 * stays dormant. Refunds have no history: a refund is a shop's first payment to its customer.
 *
 * <p>About 17 payments a person over 30 days. Oldest day first; within a day, payer by payer.
 * Deterministic: the same population, id, end and days give the same payments, each one's amount
 * and time its own (not dependent on the order they are read in). Labels say which shape a
 * payment is; none is judged. Not thread-safe.
 */
public final class PastPayments {

    /** The new-payee look-back of StopPay: older history makes no one known. */
    public static final int MAX_DAYS = 90;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final long MONTH_MS = 30 * DAY_MS;
    /** The month's payments were made 27 to 30 days before the traffic: the next is due in it. */
    private static final long MONTHLY_LAG_MIN_MS = 27 * DAY_MS;
    /** Seconds between two salaries of one payroll run, as a bank's batch pays them. */
    private static final long SALARY_SPACING_MS = 3_000;
    private static final long SALT_PERIOD = 201;
    private static final long SALT_LAG = 202;
    private static final long SALT_PAYMENT = 203;
    /** Habit numbers: the household, utility and shops first, then friends, then the monthly ones. */
    private static final int FIRST_FRIEND = 10;
    private static final int RELATIVE = 20;
    private static final int LANDLORD = 21;
    private static final int GRANDCHILD = 22;

    /** What a habit pays: each kind its shape, amount and channel. */
    private enum Kind {
        /** A household member, the utility or a shop: what {@link Scenario#ORDINARY} traffic pays. */
        USUAL,
        FRIEND,
        RELATIVE,
        LANDLORD,
        GRANDCHILD,
        SALARY
    }

    /**
     * One relation: {@code payer} pays {@code payee} every {@code periodMs}, the latest payment
     * {@code latestMs} (epoch millis), none before {@code notBeforeMs}.
     *
     * @param number the habit's number among the payer's, in its payments' txnIds
     */
    private record Habit(Holder payer, int payee, Kind kind, int number, long periodMs, long latestMs,
                         long notBeforeMs) {
    }

    private final Population population;
    private final Circle circle;
    private final Spending spending;
    private final String id;
    private final int[] usual = new int[Population.maxPayees()];

    /**
     * @param id prefixes every txnId ({@code id-H} and 14 digits, never a live payment's): 1–40 of
     *           {@code [A-Za-z0-9._-]}
     */
    public PastPayments(final Population population, final String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("history id must be 1-40 of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
        this.population = population;
        this.circle = new Circle(population);
        this.spending = new Spending(population);
        this.id = id;
    }

    /**
     * The payments of the {@code days} days before {@code end}: event times within
     * {@code [end − days, end)}, oldest day first, made as the stream is read.
     *
     * @param days 1 to {@value #MAX_DAYS}
     */
    public Stream<LabelledPayment> before(final Instant end, final int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days of history must be within 1.." + MAX_DAYS + ", was " + days);
        }
        final long endMs = end.toEpochMilli();
        final long fromMs = endMs - days * DAY_MS;
        final int elderlyBornBy = population.thresholds().elderlyBornBy(end);
        final int employers = population.index(Population.Role.EMPLOYER, 0);
        final IntStream payers = IntStream.concat(IntStream.range(0, population.people()),
                IntStream.range(employers, employers + population.size(Population.Role.EMPLOYER)));
        final int[] payerIndices = payers.toArray();
        return IntStream.range(0, days).boxed().flatMap(day -> {
            final long dayStart = fromMs + day * DAY_MS;
            return IntStream.of(payerIndices).boxed()
                    .flatMap(payer -> habits(payer, endMs, fromMs, elderlyBornBy).stream())
                    .flatMap(habit -> paymentsOf(habit, dayStart, dayStart + DAY_MS));
        });
    }

    private List<Habit> habits(final int index, final long endMs, final long fromMs, final int elderlyBornBy) {
        final Holder payer = population.holder(index);
        final List<Habit> habits = new ArrayList<>();
        if (payer.role() == Population.Role.EMPLOYER) {
            final int employer = index - population.index(Population.Role.EMPLOYER, 0);
            final long payday = endMs - monthlyLag(index, 0);
            for (int j = 0; j < population.staff(employer); j++) {
                if (!circle.newHire(employer, j)) {
                    habits.add(habit(payer, population.employee(employer, j), Kind.SALARY, j, MONTH_MS,
                            payday + j * SALARY_SPACING_MS, fromMs));
                }
            }
            return habits;
        }
        final int count = population.payeesOf(index, usual);
        for (int i = 0; i < count; i++) {
            final long period = population.utility(usual[i]) ? MONTH_MS : days(index, i, 10, 20);
            habits.add(habit(payer, usual[i], Kind.USUAL, i, period, endMs - lag(index, i, period), fromMs));
        }
        for (int f = 0; f < circle.friends(index); f++) {
            final long period = days(index, FIRST_FRIEND + f, 14, 28);
            habits.add(habit(payer, circle.friend(index, f), Kind.FRIEND, FIRST_FRIEND + f, period,
                    endMs - lag(index, FIRST_FRIEND + f, period), fromMs));
        }
        habits.add(habit(payer, circle.relative(index), Kind.RELATIVE, RELATIVE, MONTH_MS,
                endMs - monthlyLag(index, RELATIVE), fromMs));
        if (circle.renter(index)) {
            habits.add(habit(payer, circle.landlord(index), Kind.LANDLORD, LANDLORD, MONTH_MS,
                    endMs - monthlyLag(index, LANDLORD), fromMs));
        }
        if (payer.birthYear() != null && payer.birthYear() <= elderlyBornBy) {
            final long period = days(index, GRANDCHILD, 7, 14);
            habits.add(habit(payer, circle.grandchild(index), Kind.GRANDCHILD, GRANDCHILD, period,
                    endMs - lag(index, GRANDCHILD, period), fromMs));
        }
        return habits;
    }

    private Habit habit(final Holder payer, final int payee, final Kind kind, final int number, final long periodMs,
                        final long latestMs, final long fromMs) {
        final long notBefore = Math.max(fromMs, Math.max(population.openedAtMs(payer.index()),
                population.openedAtMs(payee)));
        return new Habit(payer, payee, kind, number, periodMs, latestMs, notBefore);
    }

    /** The habit's payments with event times in {@code [fromMs, toMs)}: the latest, and those whole periods before it. */
    private Stream<LabelledPayment> paymentsOf(final Habit habit, final long fromMs, final long toMs) {
        final long from = Math.max(fromMs, habit.notBeforeMs());
        if (habit.latestMs() < from) {
            return Stream.empty();
        }
        final long fewest = Math.max(0, Math.floorDiv(habit.latestMs() - toMs, habit.periodMs()) + 1);
        final long most = Math.floorDiv(habit.latestMs() - from, habit.periodMs());
        return IntStream.rangeClosed((int) fewest, (int) most).mapToObj(k -> payment(habit, k));
    }

    /** The {@code k}-th payment of {@code habit} counted back from its latest (k = 0). */
    private LabelledPayment payment(final Habit habit, final int k) {
        final Holder payer = habit.payer();
        final SplittableRandom random = new SplittableRandom(Ids.hash(population.seed(),
                (long) payer.index() << 8 | habit.number(), SALT_PAYMENT + 1_000L * k));
        final String txnId = id + "-H" + Ids.digits("", payer.index(), 8) + Ids.digits("", habit.number(), 2)
                + Ids.digits("", k, 4);
        final Scenario shape;
        final long amount;
        final Channel channel;
        switch (habit.kind()) {
            case USUAL -> {
                final Spending.Spent spent = spending.ordinary(random, payer, habit.payee());
                shape = Scenario.ORDINARY;
                amount = spent.amountMinor();
                channel = spent.channel();
            }
            case FRIEND -> {
                final boolean share = k % 2 == 0;
                shape = share ? Scenario.SPLIT_BILL : Scenario.RED_PACKET;
                amount = share ? spending.billShare(random, payer) : spending.redPacket(random, payer);
                channel = Channel.THIRD_PARTY_PAY;
            }
            case RELATIVE, LANDLORD -> {
                final boolean rent = habit.kind() == Kind.LANDLORD;
                shape = Scenario.FAMILY_AND_RENT;
                amount = spending.monthly(random, payer, rent);
                channel = Spending.monthlyChannel(rent);
            }
            case GRANDCHILD -> {
                shape = Scenario.GRANDPARENT_GIFT;
                amount = spending.redPacket(random, payer);
                channel = Channel.MOBILE_BANKING;
            }
            case SALARY -> {
                shape = Scenario.PAYROLL_RUN;
                amount = spending.salary(random);
                channel = Channel.ONLINE_BANKING;
            }
            default -> throw new IllegalStateException("no payment for " + habit.kind());
        }
        final Instant at = Instant.ofEpochMilli(habit.latestMs() - k * habit.periodMs());
        return TrafficGenerator.labelled(TrafficGenerator.payment(txnId, at, channel, payer,
                population.holder(habit.payee()).party(), amount, payer.deviceId(), payer.ipAddress()),
                PaymentLabel.ordinary(txnId, shape));
    }

    /** A period of {@code fromDays} to {@code toDays} days, to the minute, for the payer's habit {@code number}. */
    private long days(final int payer, final int number, final int fromDays, final int toDays) {
        return fromDays * DAY_MS + MINUTE_MS * Ids.below(hash(payer, number, SALT_PERIOD),
                (int) ((toDays - fromDays) * DAY_MS / MINUTE_MS));
    }

    /** How long before the end the latest payment of the payer's habit {@code number} was: a minute up to one period. */
    private long lag(final int payer, final int number, final long periodMs) {
        return MINUTE_MS + MINUTE_MS * Ids.below(hash(payer, number, SALT_LAG), (int) ((periodMs - MINUTE_MS) / MINUTE_MS));
    }

    /** How long before the end last month's payment of the payer's habit {@code number} was: 27 to 30 days. */
    private long monthlyLag(final int payer, final int number) {
        return MONTHLY_LAG_MIN_MS + MINUTE_MS * Ids.below(hash(payer, number, SALT_LAG),
                (int) ((MONTH_MS - MONTHLY_LAG_MIN_MS) / MINUTE_MS));
    }

    private long hash(final int payer, final int number, final long salt) {
        return Ids.hash(population.seed(), (long) payer << 8 | number, salt);
    }
}
