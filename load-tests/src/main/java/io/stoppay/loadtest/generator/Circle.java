package io.stoppay.loadtest.generator;

/**
 * Each person's everyday counterparties beyond the household: four or five friends, a parent or
 * child living elsewhere, a landlord for the half of people who rent, a grandchild, the two shops
 * they buy at; and each employer's hires of this month. Derived from the population's seed and the
 * person's index, like every attribute of the {@link Population}: the same on every run, so the
 * live traffic's split bills, red packets, rent and gifts go to the people the history a backfill
 * loads ({@link PastPayments}) shows them paying. Nothing is stored per person.
 *
 * <p>Only people and employers are anyone's counterparties here: the fraud cast is in no circle.
 */
final class Circle {

    static final int MIN_FRIENDS = 4;
    static final int MAX_FRIENDS = 5;
    /** Percent of an employer's staff hired this month: on this month's payroll, not on last month's. */
    static final int NEW_HIRE_PERCENT = 5;
    /** How many people a grandchild is looked for among before the first is taken, whatever their age. */
    private static final int GRANDCHILD_SEARCH = 8;

    // Salts of their own, beside the Population's (1-13), so no circle repeats an attribute's draw.
    private static final long SALT_FRIENDS = 101;
    private static final long SALT_FRIEND = 102;
    private static final long SALT_RELATIVE = 103;
    private static final long SALT_RENTER = 104;
    private static final long SALT_LANDLORD = 105;
    private static final long SALT_GRANDCHILD = 106;
    private static final long SALT_NEW_HIRE = 107;

    private final Population population;
    private final int people;

    Circle(final Population population) {
        this.population = population;
        this.people = population.people();
    }

    /** How many friends {@code person} has: {@value #MIN_FRIENDS} to {@value #MAX_FRIENDS}. */
    int friends(final int person) {
        return MIN_FRIENDS + Ids.below(hash(person, SALT_FRIENDS), MAX_FRIENDS - MIN_FRIENDS + 1);
    }

    /**
     * The {@code i}-th friend of {@code person} (below {@link #friends}): each from its own slice of
     * the other people, so no two friends are one person and none is the person.
     */
    int friend(final int person, final int i) {
        final int slice = (people - 1) / MAX_FRIENDS;
        return otherThan(person, i * slice + Ids.below(hash(person, SALT_FRIEND + 100L * i), slice));
    }

    /** The parent or child {@code person} sends the month's money to. */
    int relative(final int person) {
        return someoneFor(person, SALT_RELATIVE);
    }

    /** True for the half of people who rent: their month's payment is the rent, the others' a family transfer. */
    boolean renter(final int person) {
        return Ids.below(hash(person, SALT_RENTER), 2) == 0;
    }

    /** The person {@code person} rents from (whether or not they rent). */
    int landlord(final int person) {
        return someoneFor(person, SALT_LANDLORD);
    }

    /** The grandchild an elderly {@code person} gives to: someone under 60, if one of the first few drawn is. */
    int grandchild(final int person) {
        int candidate = someoneFor(person, SALT_GRANDCHILD);
        for (int tries = 1; tries < GRANDCHILD_SEARCH && elderlyAnywhere(candidate); tries++) {
            candidate = someoneFor(person, SALT_GRANDCHILD + 100L * tries);
        }
        return candidate;
    }

    /** The {@code i}-th (0 or 1) of the shops {@code person} buys at. */
    int shop(final int person, final int i) {
        return population.shopOf(person, i);
    }

    /** True when employer {@code employer}'s {@code j}-th employee joined this month (about {@value #NEW_HIRE_PERCENT}%). */
    boolean newHire(final int employer, final int j) {
        return Ids.below(hash((long) employer << 8 | j, SALT_NEW_HIRE), 100) < NEW_HIRE_PERCENT;
    }

    /** A person other than {@code person}, from {@code salt}. */
    private int someoneFor(final int person, final long salt) {
        return otherThan(person, Ids.below(hash(person, salt), people - 1));
    }

    /** The {@code offset}-th person after {@code person} (offset below {@code people - 1}), wrapping around. */
    private int otherThan(final int person, final int offset) {
        return (person + 1 + offset) % people;
    }

    /** One of the population's elderly, born 1932–1958 (everyone else was born 1970 or later). */
    private boolean elderlyAnywhere(final int index) {
        final Integer born = population.holder(index).birthYear();
        return born != null && born < 1970;
    }

    private long hash(final long index, final long salt) {
        return Ids.hash(population.seed(), index, salt);
    }
}
