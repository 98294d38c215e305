package io.stoppay.loadtest.generator;

import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * A population of bank accounts made deterministically from a seed and a size, with the fraud
 * cast the built-in rules are measured against. Nothing is stored per account: every attribute
 * (ids, card, phone, ID hash, class, birth year, region, when opened and last active) is a
 * function of the seed and the account's index, so a million accounts cost no memory.
 *
 * <p>Accounts are laid out in segments by {@link Role}, ordinary people first (index 0 up); the
 * sizes follow from the account count. People live in households of two to four (family
 * transfers stay inside one), each works for one employer and pays one utility and two shops, so
 * no ordinary account receives from as many distinct payers as a fan-in needs. The cast never
 * takes part in ordinary traffic.
 *
 * <p>Guarantee: the same seed, size and {@code asOf} give the same accounts, profiles, list
 * entries and linkages.
 */
public final class Population {

    public static final int MIN_ACCOUNTS = 2_000;
    public static final int MAX_ACCOUNTS = 10_000_000;
    /** Cards linked to each listed account, and phones linked to each of those cards. */
    static final int LINKS_PER_RING = 3;
    /**
     * Carrier-grade NAT addresses (FIELD-NOTES, "Graphs and lists"), each linked (IP_ACCOUNT) to
     * {@link #ACCOUNTS_PER_NAT} ordinary people, more than the default
     * {@code stoppay.restriction.max.degree}: hubs. The first is listed HIGH_RISK_IP, and the
     * people behind it must still pay and be paid as ordinary people.
     */
    static final int NAT_ADDRESSES = 2;
    static final int ACCOUNTS_PER_NAT = 250;
    /** The bank's own source, of its linkages and of its listings beside the police's. */
    static final String BANK = "bank-internal";

    /** What an account is for; the cast roles take no part in ordinary traffic. */
    public enum Role {
        /** An ordinary person: pays family, bills and shops; paid by family and employer. */
        PERSON,
        /** A company paying salaries (its own high non-counter limit). */
        EMPLOYER,
        /** A registered merchant (merchant=true): a utility or a shop. */
        MERCHANT,
        /** A victim of the payee-side scenarios (listed and linked payees, mule fan-in); under 60. */
        VICTIM,
        /** A victim of 60 or more. */
        ELDERLY_VICTIM,
        /** An account idle for longer than the dormancy threshold, reactivated once. */
        DORMANT,
        /** A collection account: victims pay in, it forwards the money. */
        MULE,
        /** A bought account driven from a card-farming device. */
        FARMED,
        /** On the FRAUD_ACCOUNT list, level 3. */
        LISTED,
        /** Its card is linked (ACCOUNT_CARD) to a listed account: restricted at 1 hop. */
        ONE_HOP,
        /** Its phone is linked (CARD_PHONE) to a 1-hop card: restricted at 2 hops. */
        TWO_HOPS,
        /**
         * An elder-fraud scheme's collection account (养老诈骗), opened days ago: elderly victims
         * pay it. Its youth is what tells their payments from a grandparent's gift.
         */
        COLLECTION,
        /** Not in the population: another bank's account, or one minted when a cast pool runs short. */
        OUTSIDER
    }

    private static final String[] REGIONS = {"320623", "440305", "110105", "310115", "510104", "330106", "420106",
        "610113"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"};
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    /** A company's own daily non-counter limit: CNY 100 million, payroll never reaches it. */
    private static final long EMPLOYER_LIMIT_MINOR = 10_000_000_000L;
    private static final int HOUSEHOLD_BLOCK = 4;
    private static final int MAX_STAFF = 50;

    private static final long SALT_CLASS = 1;
    private static final long SALT_BIRTH = 2;
    private static final long SALT_REGION = 3;
    private static final long SALT_NAME = 4;
    private static final long SALT_OPENED = 5;
    private static final long SALT_ID_HIGH = 6;
    private static final long SALT_ID_LOW = 7;
    private static final long SALT_HOUSEHOLD = 8;
    private static final long SALT_UTILITY = 9;
    private static final long SALT_SHOP = 10;
    private static final long SALT_ACTIVE = 11;
    private static final long SALT_DEVICE = 12;
    private static final long SALT_LISTED = 13;

    private final long seed;
    private final int accounts;
    private final Instant asOf;
    private final int[] starts = new int[Role.OUTSIDER.ordinal() + 1];
    private final int rings;
    private final int utilities;
    private final Thresholds thresholds;

    /**
     * @param seed     every attribute derives from it
     * @param accounts how many accounts, {@value #MIN_ACCOUNTS} to {@value #MAX_ACCOUNTS}
     * @param asOf     the present of the reference data: accounts were opened, last active and
     *                 listed before it; traffic should start at or after it
     */
    public Population(final long seed, final int accounts, final Instant asOf) {
        if (accounts < MIN_ACCOUNTS || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be within " + MIN_ACCOUNTS + ".." + MAX_ACCOUNTS
                    + ", was " + accounts);
        }
        this.seed = seed;
        this.accounts = accounts;
        this.asOf = asOf;
        this.thresholds = Thresholds.builtIn();
        this.rings = Math.max(4, accounts / 100_000);
        final int[] sizes = new int[Role.OUTSIDER.ordinal()];
        sizes[Role.EMPLOYER.ordinal()] = Math.max(10, accounts / 50);
        sizes[Role.MERCHANT.ordinal()] = Math.max(12, accounts / 1_000);
        sizes[Role.VICTIM.ordinal()] = Math.max(100, accounts / 10);
        sizes[Role.ELDERLY_VICTIM.ordinal()] = Math.max(20, accounts / 50);
        sizes[Role.DORMANT.ordinal()] = Math.max(20, accounts / 50);
        sizes[Role.MULE.ordinal()] = Math.max(20, accounts / 100);
        sizes[Role.FARMED.ordinal()] = Math.max(16, accounts / 200);
        sizes[Role.LISTED.ordinal()] = rings;
        sizes[Role.ONE_HOP.ordinal()] = rings * LINKS_PER_RING;
        sizes[Role.TWO_HOPS.ordinal()] = rings * LINKS_PER_RING;
        sizes[Role.COLLECTION.ordinal()] = Math.max(10, accounts / 500);
        int cast = 0;
        for (final int size : sizes) {
            cast += size;
        }
        sizes[Role.PERSON.ordinal()] = accounts - cast;
        for (int role = 1; role < starts.length; role++) {
            starts[role] = starts[role - 1] + sizes[role - 1];
        }
        this.utilities = Math.max(1, size(Role.MERCHANT) / 3);
    }

    public long seed() {
        return seed;
    }

    public int accounts() {
        return accounts;
    }

    public Instant asOf() {
        return asOf;
    }

    /** How many accounts have {@code role}; 0 for {@link Role#OUTSIDER}. */
    public int size(final Role role) {
        return role == Role.OUTSIDER ? 0 : starts[role.ordinal() + 1] - starts[role.ordinal()];
    }

    /** The index of the {@code i}-th account of {@code role}. */
    public int index(final Role role, final int i) {
        if (i < 0 || i >= size(role)) {
            throw new IndexOutOfBoundsException(role + " has " + size(role) + " accounts, asked for " + i);
        }
        return starts[role.ordinal()] + i;
    }

    public Role role(final int index) {
        checkIndex(index);
        for (int role = Role.OUTSIDER.ordinal() - 1; role >= 0; role--) {
            if (index >= starts[role]) {
                return Role.values()[role];
            }
        }
        throw new IllegalStateException("segments start at 0");
    }

    /** The account at {@code index}, computed. */
    public Holder holder(final int index) {
        final Role role = role(index);
        final boolean person = role != Role.EMPLOYER && role != Role.MERCHANT;
        return new Holder(index, role,
                Ids.digits("6222", 100_000_000_000L + index, 15),
                Ids.digits("6228", 100_000_000_000L + index, 15),
                Ids.digits("13", index, 9),
                Ids.hex128(hash(index, SALT_ID_HIGH), hash(index, SALT_ID_LOW)),
                name(index, role),
                region(index),
                accountClass(index, role),
                person ? birthYear(index, role) : null,
                "DEV-" + Long.toHexString(hash(index, SALT_DEVICE) >>> 16),
                "10." + (index >>> 16 & 0xFF) + '.' + (index >>> 8 & 0xFF) + '.' + (index & 0xFF));
    }

    /** An account outside the population, with an account id only. */
    public Holder outsider(final String accountId) {
        return new Holder(-1, Role.OUTSIDER, accountId, null, null, null, null, null, null, null,
                "DEV-" + Long.toHexString(Ids.mix(seed ^ accountId.hashCode()) >>> 16), null);
    }

    /** The profile StopPay reads for the account at {@code index}. */
    public AccountProfile profile(final int index) {
        final Role role = role(index);
        final long now = asOf.toEpochMilli();
        final long opened = hash(index, SALT_OPENED);
        final AccountProfile.Builder profile = AccountProfile.newBuilder()
                .setAccountId(Ids.digits("6222", 100_000_000_000L + index, 15))
                .setAccountClass(accountClass(index, role))
                .setRegionCode(region(index))
                .setOpenedAt(Instant.ofEpochMilli(openedAtMs(index)))
                .setLastActiveAt(Instant.ofEpochMilli(now - HOUR_MS * (1 + Ids.below(hash(index, SALT_ACTIVE), 120))));
        switch (role) {
            case EMPLOYER -> profile.setDailyNonCounterLimitMinor(EMPLOYER_LIMIT_MINOR);
            case MERCHANT -> profile.setMerchant(true);
            case DORMANT -> profile.setHolderBirthYear(birthYear(index, role)).setLastActiveAt(Instant.ofEpochMilli(
                    now - thresholds.dormantAfter().toMillis() - DAY_MS * (30 + Ids.below(opened >>> 20, 600))));
            default -> profile.setHolderBirthYear(birthYear(index, role));
        }
        return profile.build();
    }

    /**
     * When the account at {@code index} was opened, in epoch millis: one to nine years before
     * {@link #asOf()}, but days before it for a few people (3%), every scheme's collection account,
     * and months before it for mules and farmed accounts. No payment to or from it is older.
     */
    long openedAtMs(final int index) {
        final long now = asOf.toEpochMilli();
        final long opened = hash(index, SALT_OPENED);
        return switch (role(index)) {
            case PERSON -> newlyOpened(index) ? now - DAY_MS * (1 + Ids.below(opened >>> 20, 28))
                    : now - DAY_MS * (365 + Ids.below(opened, 3_285));
            case MULE, FARMED -> now - DAY_MS * (60 + Ids.below(opened >>> 20, 600));
            case COLLECTION -> now - DAY_MS * (2 + Ids.below(opened >>> 20, 25));
            default -> now - DAY_MS * (365 + Ids.below(opened, 3_285));
        };
    }

    /** Every account's profile, in index order, made as the stream is read. */
    public Stream<AccountProfile> profiles() {
        return IntStream.range(0, accounts).mapToObj(this::profile);
    }

    /** How many rings (one listed account, its linked cards and phones) the cast has. */
    public int rings() {
        return rings;
    }

    /** The listed account of ring {@code ring}. */
    public Holder listed(final int ring) {
        return holder(index(Role.LISTED, ring));
    }

    /** The {@code j}-th account whose card is linked to ring {@code ring}'s listed account. */
    public Holder oneHop(final int ring, final int j) {
        return holder(index(Role.ONE_HOP, ring * LINKS_PER_RING + j));
    }

    /** The {@code j}-th account whose phone is linked to the card of {@link #oneHop(int, int)}. */
    public Holder twoHops(final int ring, final int j) {
        return holder(index(Role.TWO_HOPS, ring * LINKS_PER_RING + j));
    }

    /** The {@code n}-th carrier-grade NAT address. */
    public static String natAddress(final int n) {
        return "183.14.29." + (10 + n); // outside 100.64.0.0/10, where the card-farming devices are
    }

    /** A list entry and the key it is published under on {@code risk.lists.v1}. */
    public record Listing(String key, RiskListEntry entry) {
    }

    /**
     * The listings to publish before traffic (FIELD-NOTES, "Graphs and lists": several sources list
     * one subject): every ring's account, FRAUD_ACCOUNT level 3, by its region's anti-fraud centre
     * under {@code ACCOUNT:id|source}; every other ring's account also by the bank, MULE_SUSPECT
     * level 2, under its own key; and the first NAT address, HIGH_RISK_IP, under the v1 key
     * {@code IP:address}, as a feeder that predates CONTRACT v1.1 writes it.
     */
    public List<Listing> listings() {
        final List<Listing> listings = new ArrayList<>(2 * rings + 1);
        final RiskListEntry nat = RiskListEntry.newBuilder().setSubjectType(SubjectType.IP).setSubjectId(natAddress(0))
                .setListType(ListType.HIGH_RISK_IP).setRiskLevel(3).setSource(BANK)
                .setReason("generated: a NAT address seen in fraud").setListedAt(asOf.minus(Duration.ofDays(3)))
                .build();
        listings.add(new Listing(ListingKey.v1(new SubjectKey(SubjectType.IP, nat.getSubjectId())).written(), nat));
        for (int ring = 0; ring < rings; ring++) {
            final Holder listed = listed(ring);
            final Instant listedAt = asOf.minus(Duration.ofDays(1 + Ids.below(hash(ring, SALT_LISTED), 60)));
            listings.add(bySource(RiskListEntry.newBuilder()
                    .setSubjectType(SubjectType.ACCOUNT)
                    .setSubjectId(listed.accountId())
                    .setListType(ListType.FRAUD_ACCOUNT)
                    .setRiskLevel(3)
                    .setSource("PSB-" + listed.regionCode() + "-antifraud-centre")
                    .setCaseId(Ids.digits("LT-", ring, 5))
                    .setReason("generated fraud ring")
                    .setListedAt(listedAt)
                    .build()));
            if (ring % 2 == 0) {
                listings.add(bySource(RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT)
                        .setSubjectId(listed.accountId()).setListType(ListType.MULE_SUSPECT).setRiskLevel(2)
                        .setSource(BANK).setReason("generated: the bank's own mule model")
                        .setListedAt(listedAt.plus(Duration.ofHours(6))).build()));
            }
        }
        return listings;
    }

    private static Listing bySource(final RiskListEntry entry) {
        return new Listing(ListingKey.bySource(new SubjectKey(entry.getSubjectType(), entry.getSubjectId()),
                entry.getSource()).written(), entry);
    }

    /**
     * The linkages to publish before traffic: each listed account to its ring's cards
     * (ACCOUNT_CARD), each of those cards to a phone (CARD_PHONE); and each NAT address to the
     * people behind it (IP_ACCOUNT). Sides in key order (a ≤ b).
     */
    public List<Linkage> linkages() {
        final List<Linkage> links = new ArrayList<>(2 * rings * LINKS_PER_RING + NAT_ADDRESSES * ACCOUNTS_PER_NAT);
        final int behindNat = Math.min(ACCOUNTS_PER_NAT, people() / NAT_ADDRESSES);
        for (int nat = 0; nat < NAT_ADDRESSES; nat++) {
            for (int k = 0; k < behindNat; k++) {
                links.add(link(SubjectType.ACCOUNT, holder(index(Role.PERSON, nat * behindNat + k)).accountId(),
                        SubjectType.IP, natAddress(nat), LinkKind.IP_ACCOUNT, asOf.minus(Duration.ofDays(1))));
            }
        }
        for (int ring = 0; ring < rings; ring++) {
            final Holder listed = listed(ring);
            final Instant linkedAt = asOf.minus(Duration.ofDays(2 + Ids.below(hash(ring, SALT_LISTED), 90)));
            for (int j = 0; j < LINKS_PER_RING; j++) {
                // Written in other forms than the holders' payments write them: matching must not depend on it.
                final Holder cardHolder = oneHop(ring, j);
                final Holder phoneHolder = twoHops(ring, j);
                final String card = WrittenForms.card(cardHolder.cardNumber(), cardHolder.index() + 1);
                links.add(link(SubjectType.ACCOUNT, listed.accountId(), SubjectType.CARD, card, LinkKind.ACCOUNT_CARD,
                        linkedAt));
                links.add(link(SubjectType.CARD, WrittenForms.card(cardHolder.cardNumber(), cardHolder.index() + 2),
                        SubjectType.PHONE, WrittenForms.phone(phoneHolder.phone(), phoneHolder.index() + 1),
                        LinkKind.CARD_PHONE, linkedAt));
            }
        }
        return links;
    }

    /** The key of a linkage on {@code risk.linkages.v1}: {@code aType:aId|bType:bId}. */
    public static String key(final Linkage linkage) {
        return new SubjectKey(linkage.getAType(), linkage.getAId()) + "|"
                + new SubjectKey(linkage.getBType(), linkage.getBId());
    }

    // ---- ordinary relationships, for the traffic generator

    /** The people: indices 0 to {@code people() − 1}. */
    int people() {
        return size(Role.PERSON);
    }

    /**
     * Writes the indices of the accounts a person pays, in the order they first pay them (the
     * rest of the household, a utility, two shops), to {@code out}; returns how many.
     */
    int payeesOf(final int person, final int[] out) {
        int count = 0;
        final int block = person / HOUSEHOLD_BLOCK;
        final int first = block * HOUSEHOLD_BLOCK;
        final int householdSize = 2 + Ids.below(hash(block, SALT_HOUSEHOLD), 3);
        if (person - first < householdSize) {
            for (int member = first; member < Math.min(first + householdSize, people()); member++) {
                if (member != person) {
                    out[count++] = member;
                }
            }
        }
        out[count++] = index(Role.MERCHANT, Ids.below(hash(person, SALT_UTILITY), utilities));
        out[count++] = shopOf(person, 0);
        out[count++] = shopOf(person, 1);
        return count;
    }

    /** The index of the {@code i}-th (0 or 1) of the two shops {@code person} buys at: never a utility. */
    int shopOf(final int person, final int i) {
        final long shop = hash(person, SALT_SHOP);
        final int shops = size(Role.MERCHANT) - utilities;
        final int first = Ids.below(shop, shops);
        return index(Role.MERCHANT, utilities + (i == 0 ? first : (first + 1 + Ids.below(shop >>> 32, shops - 1)) % shops));
    }

    /** The most payees {@link #payeesOf} writes. */
    static int maxPayees() {
        return HOUSEHOLD_BLOCK - 1 + 3;
    }

    /** True for a merchant that bills (water, power, gas, phone) rather than sells. */
    boolean utility(final int index) {
        return role(index) == Role.MERCHANT && index - starts[Role.MERCHANT.ordinal()] < utilities;
    }

    /** How many people employer {@code employer} (0-based among employers) has on its payroll. */
    int staff(final int employer) {
        final int employers = size(Role.EMPLOYER);
        return Math.min(MAX_STAFF, (people() - employer + employers - 1) / employers);
    }

    /** The person index of employer {@code employer}'s {@code j}-th employee. */
    int employee(final int employer, final int j) {
        return employer + j * size(Role.EMPLOYER);
    }

    Thresholds thresholds() {
        return thresholds;
    }

    // ---- attributes

    private boolean newlyOpened(final int index) {
        return Ids.below(hash(index, SALT_OPENED) >>> 40, 100) < 3;
    }

    private AccountClass accountClass(final int index, final Role role) {
        return switch (role) {
            case PERSON -> {
                final int draw = Ids.below(hash(index, SALT_CLASS), 100);
                yield draw < 70 ? AccountClass.CLASS_I : draw < 92 ? AccountClass.CLASS_II : AccountClass.CLASS_III;
            }
            case FARMED -> AccountClass.CLASS_II;
            default -> AccountClass.CLASS_I;
        };
    }

    /**
     * About one person in six is 60 or older, as are all elderly victims; everyone else was born
     * 1970 or later, under 60 until 2030, so no other rule sees an elderly payer by accident.
     */
    private int birthYear(final int index, final Role role) {
        final long draw = hash(index, SALT_BIRTH);
        final boolean elderly = role == Role.ELDERLY_VICTIM || role == Role.PERSON && Ids.below(draw, 6) == 0;
        return elderly ? 1932 + Ids.below(draw >>> 8, 27) : 1970 + Ids.below(draw >>> 8, 36);
    }

    private String region(final int index) {
        return REGIONS[Ids.below(hash(index, SALT_REGION), REGIONS.length)];
    }

    private String name(final int index, final Role role) {
        final long draw = hash(index, SALT_NAME);
        return switch (role) {
            case EMPLOYER -> Ids.digits("企业", index, 8);
            case MERCHANT -> Ids.digits(utility(index) ? "公用事业" : "商户", index, 8);
            default -> SURNAMES[Ids.below(draw, SURNAMES.length)] + GIVEN[Ids.below(draw >>> 16, GIVEN.length)];
        };
    }

    private long hash(final long index, final long salt) {
        return Ids.hash(seed, index, salt);
    }

    private void checkIndex(final int index) {
        if (index < 0 || index >= accounts) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (accounts - 1));
        }
    }

    private static Linkage link(final SubjectType aType, final String aId, final SubjectType bType, final String bId,
                                final LinkKind kind, final Instant linkedAt) {
        final boolean ordered = new SubjectKey(aType, aId).compareTo(new SubjectKey(bType, bId)) <= 0;
        return Linkage.newBuilder()
                .setAType(ordered ? aType : bType).setAId(ordered ? aId : bId)
                .setBType(ordered ? bType : aType).setBId(ordered ? bId : aId)
                .setKind(kind)
                .setSource(BANK)
                .setLinkedAt(linkedAt)
                .build();
    }
}
