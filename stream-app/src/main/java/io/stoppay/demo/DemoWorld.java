package io.stoppay.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * The demo's population, made deterministically from a seed: ordinary account holders (classes,
 * ages, regions), and a cast for each fraud pattern the built-in rules know, with the list
 * entries and linkages that make them recognisable.
 */
public final class DemoWorld {

    /** The bank of every demo account: it acts on their alerts, and the demo's analyst is its. */
    public static final String BANK_CODE = "ICBC";

    private static final String[] REGIONS = {"320623", "440305", "110105", "310115", "510104", "330106"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"};
    private static final String POLICE = "PSB-320600-antifraud-centre";

    /** The region most of the demo's officers' work is in: the first of the population's regions. */
    public static String firstRegion() {
        return REGIONS[0];
    }

    /** One account holder and everything that identifies them. */
    public record Person(String account, String card, String phone, String idHash, String name, String region,
                         AccountClass accountClass, int birthYear) {

        public Party party() {
            return Party.newBuilder().setAccountId(account).setCardNumber(card).setPhone(phone)
                    .setIdNumberHash(idHash).setName(name).setBankCode(BANK_CODE).build();
        }
    }

    private final List<Person> people = new ArrayList<>();
    private final Person fraudAccount;
    private final Person fraudCardHolder;
    private final Person linkedToFraudCard;
    private final Person twoHopsFromSuspect;
    private final Person accountTrader;
    private final Person protectedVictim;
    private final Person collector;
    private final Person relay;
    private final Person bot;
    private final Person newAccount;
    private final Person merchant;
    private final String suspiciousPhone;
    private final String cardTraderIdHash = sha256("card-trader");
    private final String highRiskIp = "203.0.113.66";
    private final Instant listedAt;

    public DemoWorld(final long seed, final int population, final Instant now) {
        final Random random = new Random(seed);
        for (int i = 0; i < population; i++) {
            people.add(person(i, random));
        }
        fraudAccount = person(900, random);
        fraudCardHolder = person(901, random);
        linkedToFraudCard = person(902, random);
        twoHopsFromSuspect = person(903, random);
        accountTrader = person(904, random);
        collector = person(906, random);
        relay = person(907, random);
        bot = person(908, random);
        newAccount = person(909, random);
        merchant = person(910, random);
        protectedVictim = people.get(0);
        suspiciousPhone = phone(905);
        listedAt = now.minus(Duration.ofDays(3));
    }

    public List<Person> people() {
        return people;
    }

    public Person fraudAccount() {
        return fraudAccount;
    }

    public Person linkedToFraudCard() {
        return linkedToFraudCard;
    }

    public Person twoHopsFromSuspect() {
        return twoHopsFromSuspect;
    }

    public Person accountTrader() {
        return accountTrader;
    }

    public Person protectedVictim() {
        return protectedVictim;
    }

    /** A 跑分 collection account: many victims pay into it. */
    public Person collector() {
        return collector;
    }

    /** A 快进快出 relay account: money in, most of it straight out. */
    public Person relay() {
        return relay;
    }

    /** An account paying far more often than a person does. */
    public Person bot() {
        return bot;
    }

    /** An account opened three days ago that suddenly receives large sums. */
    public Person newAccount() {
        return newAccount;
    }

    /** A registered supermarket: many payers, legitimately. */
    public Person merchant() {
        return merchant;
    }

    /** A holder being talked through one transfer after another to new payees. */
    public Person scammed() {
        return people.get(1);
    }

    /** The holders whose accounts have not moved money for a year (长期不动户). */
    public List<Person> dormant() {
        return people.subList(2, 22);
    }

    public String highRiskIp() {
        return highRiskIp;
    }

    /** Profiles of every account, the fraud cast included. */
    public List<AccountProfile> profiles() {
        final List<AccountProfile> profiles = new ArrayList<>();
        final List<Person> everyone = new ArrayList<>(people);
        everyone.addAll(List.of(fraudAccount, fraudCardHolder, linkedToFraudCard, twoHopsFromSuspect, accountTrader,
                collector, relay, bot, merchant));
        for (final Person p : everyone) {
            profiles.add(profile(p).build());
        }
        for (final Person p : dormant()) {
            profiles.set(people.indexOf(p), profile(p).setLastActiveAt(listedAt.minus(Duration.ofDays(365))).build());
        }
        profiles.set(everyone.indexOf(merchant), profile(merchant).setMerchant(true).build());
        profiles.add(profile(newAccount).setOpenedAt(listedAt).build());
        return profiles;
    }

    /** The high-risk lists: keyed {@code TYPE:id} as on {@code risk.lists.v1}. */
    public List<KeyValue<String, RiskListEntry>> listEntries() {
        return List.of(
                entry(SubjectType.ACCOUNT, fraudAccount.account(), ListType.FRAUD_ACCOUNT, 3, "2026-JS-0001"),
                entry(SubjectType.CARD, fraudCardHolder.card(), ListType.FRAUD_ACCOUNT, 3, "2026-JS-0002"),
                entry(SubjectType.PHONE, suspiciousPhone, ListType.SUSPICIOUS_PERSON, 2, "2026-JS-0003"),
                entry(SubjectType.ACCOUNT, accountTrader.account(), ListType.ACCOUNT_TRADER, 3, "2026-JS-0004"),
                entry(SubjectType.ID_NUMBER, protectedVictim.idHash(), ListType.VICTIM_WATCH, 3, "2026-JS-0005"),
                entry(SubjectType.IP, highRiskIp, ListType.HIGH_RISK_IP, 2, null));
    }

    /**
     * Linkages: the fraud card's phone is also the payee phone of {@link #linkedToFraudCard} (1 hop);
     * {@link #twoHopsFromSuspect}'s account holds a card bound to the suspicious phone (2 hops);
     * the protected victim's ID is linked to their account.
     */
    public List<KeyValue<String, Linkage>> linkages() {
        final List<KeyValue<String, Linkage>> links = new ArrayList<>(List.of(
                link(SubjectType.CARD, fraudCardHolder.card(), SubjectType.PHONE, linkedToFraudCard.phone(),
                        LinkKind.CARD_PHONE),
                link(SubjectType.ACCOUNT, twoHopsFromSuspect.account(), SubjectType.CARD, twoHopsFromSuspect.card(),
                        LinkKind.ACCOUNT_CARD),
                link(SubjectType.CARD, twoHopsFromSuspect.card(), SubjectType.PHONE, suspiciousPhone,
                        LinkKind.CARD_PHONE),
                link(SubjectType.ACCOUNT, protectedVictim.account(), SubjectType.ID_NUMBER, protectedVictim.idHash(),
                        LinkKind.HOLDER_ACCOUNT)));
        for (final Person account : tradedAccounts()) {
            links.add(link(SubjectType.ACCOUNT, account.account(), SubjectType.ID_NUMBER, cardTraderIdHash,
                    LinkKind.HOLDER_ACCOUNT));
        }
        return links;
    }

    /** Six accounts opened under one person's ID and sold on (一人多卡, 买卖账户). */
    public List<Person> tradedAccounts() {
        return people.subList(30, 36);
    }

    /** The ID hash of the person who holds the traded accounts. */
    public String cardTraderIdHash() {
        return cardTraderIdHash;
    }

    private AccountProfile.Builder profile(final Person p) {
        return AccountProfile.newBuilder()
                .setAccountId(p.account())
                .setAccountClass(p.accountClass())
                .setOpenedAt(listedAt.minus(Duration.ofDays(400)))
                .setHolderBirthYear(p.birthYear())
                .setRegionCode(p.region());
    }

    private KeyValue<String, RiskListEntry> entry(final SubjectType type, final String id, final ListType listType,
                                                  final int level, final String caseId) {
        return KeyValue.pair(type + ":" + id, RiskListEntry.newBuilder()
                .setSubjectType(type).setSubjectId(id).setListType(listType).setRiskLevel(level)
                .setSource(POLICE).setCaseId(caseId).setListedAt(listedAt).build());
    }

    private KeyValue<String, Linkage> link(final SubjectType aType, final String aId, final SubjectType bType,
                                           final String bId, final LinkKind kind) {
        return KeyValue.pair(aType + ":" + aId + "|" + bType + ":" + bId, Linkage.newBuilder()
                .setAType(aType).setAId(aId).setBType(bType).setBId(bId).setKind(kind)
                .setSource("bank-internal").setLinkedAt(listedAt).build());
    }

    private static Person person(final int index, final Random random) {
        final int classDraw = random.nextInt(100);
        final AccountClass accountClass = classDraw < 70 ? AccountClass.CLASS_I
                : classDraw < 95 ? AccountClass.CLASS_II : AccountClass.CLASS_III;
        // About one holder in six is 60 or older: the group most targeted by 养老诈骗.
        final int birthYear = random.nextInt(6) == 0 ? 1940 + random.nextInt(20) : 1966 + random.nextInt(40);
        return new Person(
                String.format(Locale.ROOT, "6222%015d", 20_000_000_000L + index),
                String.format(Locale.ROOT, "6228%015d", 30_000_000_000L + index),
                phone(index),
                sha256("id-" + index),
                SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)],
                REGIONS[random.nextInt(REGIONS.length)],
                accountClass,
                birthYear);
    }

    private static String phone(final int index) {
        return String.format(Locale.ROOT, "139%08d", 10_000_000 + index);
    }

    private static String sha256(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
