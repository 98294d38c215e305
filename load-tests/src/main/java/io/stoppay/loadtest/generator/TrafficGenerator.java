package io.stoppay.loadtest.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * Labelled payments over a {@link Population}: {@link #next(Instant)} returns one valid
 * {@code PaymentTransaction}, keyed by its payer, made for the instant the caller gives (the
 * caller paces the rate), with its ground truth.
 *
 * <p><b>Ordinary traffic</b> behaves like people: each person pays in turn (one payment per round
 * over all people), only payees they have paid before, and a new one at most every
 * {@link Thresholds#newPayeeSpacing() 16 minutes}; amounts stay small against their class's daily
 * limit. Its everyday shapes ({@link EverydayLife}: split bills, red packets, rent, payroll runs,
 * grandparents' gifts, refunds) pay each person's {@link Circle}: people never paid before when
 * StopPay starts empty, as on day one, and mostly people a backfilled history ({@link PastPayments})
 * shows them paying.
 *
 * <p><b>Fraud</b>: single payments to listed and linked payees, elderly victims (to a scheme's
 * young collection account) and dormant accounts, and episodes whose steps are at least {@code stepGap} apart in event time, so that a
 * real broker has recorded one step before the next is decided: a mule episode (distinct victims
 * pay one collection account, {@code min.distinct.payers + 3} payments, then it forwards most of
 * what it received in two payments) and a card-farming episode ({@code min.accounts + 3} farmed
 * accounts pay from one new device). Each dormant account is reactivated once; when all have
 * been, a DORMANT_REACTIVATED draw makes an ordinary payment. A scam-walk episode has a victim pay
 * four new payees at other banks CNY 15,000 to 30,000, one step each.
 *
 * <p><b>Episodes finish before new ones start.</b> An episodic draw takes the next step of the
 * <em>oldest</em> episode of its kind whose step is due, and starts a new episode only when none
 * is due. So however many episodes a burst of draws started (max-rate mode sends up to its
 * backlog bound within a fraction of a second, when no step can be due yet), the ones beyond
 * what later draws can serve wait, and the oldest keep stepping once per {@code stepGap}: a
 * mule episode takes about {@code 9 × stepGap} from its first step to its last whatever came
 * before. (Taking due steps in due order instead shares the draws round robin over every open
 * episode, so after a burst each steps only once every {@code open episodes / draws per second}
 * seconds: some 280 mule episodes started by a max-rate burst and 14 mule draws a second made
 * a step every 20 s, and no episode reached its forwards within a run.)
 *
 * <p>The labels hold for a StopPay whose state has not seen this population's traffic before
 * (a fresh application id), or only its history ({@link PastPayments}, which leaves the fraud
 * out), while a person pays once every few minutes at most (a rate up to about
 * {@code accounts / 250} per second, 4,000/s for a million accounts) and about ten times
 * a run at most ({@code rate × duration} up to about {@code 10 × accounts}). Faster, people pay
 * faster than people do and velocity, daily-limit and pass-through rules rightly notice: such
 * runs measure throughput, not detection.
 *
 * <p>Guarantee: the same population, mix and step gap and the same sequence of {@code now}
 * values give the same records and labels; the run id only prefixes txnIds and minted ids, so
 * runs with different run ids never share a txnId. Not thread-safe.
 */
public final class TrafficGenerator {

    public static final Duration DEFAULT_STEP_GAP = Duration.ofSeconds(2);

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    /** When a person may take on a new payee, how often they do. */
    private static final double NEW_PAYEE_CHANCE = 0.3;
    private static final long YUAN = 100;
    private static final int FORWARD_STEPS = 2;
    /** A safe-account scam's transfers, each larger as the victim is talked on (yuan). */
    private static final long[] WALK_AMOUNTS_YUAN = {15_000, 20_000, 25_000, 30_000};
    private static final int EXTRA_EPISODE_STEPS = 3;

    private final Population population;
    private final TrafficMix mix;
    private final String runId;
    private final long stepGapMs;
    private final Thresholds thresholds;
    private final Spending spending;
    private final SplittableRandom random;
    private final String runSalt;

    private final byte[] introduced;
    private final int[] lastIntroducedSecond;
    private final int[] payees = new int[Population.maxPayees()];
    private final long spacingSeconds;
    private final long personStride;
    private final long personOffset;
    private long personCursor;

    private final ActorPool victims;
    private final ActorPool elderly;
    private final ActorPool mules;
    private final ActorPool farmed;
    private int dormantUsed;
    private int collectionCursor;
    private EverydayLife everydayLife;
    private final OpenEpisodes<MuleEpisode> muleEpisodes = new OpenEpisodes<>();
    private final OpenEpisodes<FarmEpisode> farmEpisodes = new OpenEpisodes<>();
    private final OpenEpisodes<WalkEpisode> walkEpisodes = new OpenEpisodes<>();
    private long episodes;
    private long strangers;
    private long sequence;
    private long startMs = Long.MIN_VALUE;
    private long lastMs = Long.MIN_VALUE;

    /** With {@link #DEFAULT_STEP_GAP}. */
    public TrafficGenerator(final Population population, final TrafficMix mix, final String runId) {
        this(population, mix, runId, DEFAULT_STEP_GAP);
    }

    /**
     * @param runId   prefixes every txnId, device and minted account id: 1–40 of
     *                {@code [A-Za-z0-9._-]}
     * @param stepGap the least event time between two steps of one episode
     */
    public TrafficGenerator(final Population population, final TrafficMix mix, final String runId,
                            final Duration stepGap) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1-40 of A-Z a-z 0-9 . _ -, was '" + runId + "'");
        }
        if (stepGap.isNegative()) {
            throw new IllegalArgumentException("step gap must not be negative, was " + stepGap);
        }
        this.population = population;
        this.mix = mix;
        this.runId = runId;
        this.stepGapMs = stepGap.toMillis();
        this.thresholds = population.thresholds();
        this.spending = new Spending(population);
        this.random = new SplittableRandom(Ids.mix(population.seed() ^ 0x5EED_7AFF_1C00L));
        this.runSalt = Ids.digits("", Ids.below(Ids.mix(runId.hashCode()), 10_000), 4);
        final int people = population.people();
        this.introduced = new byte[people];
        this.lastIntroducedSecond = new int[people];
        this.spacingSeconds = thresholds.newPayeeSpacing().toSeconds();
        this.personStride = coprimeStride(people, Ids.mix(population.seed()));
        this.personOffset = Ids.below(Ids.mix(population.seed() + 1), people);
        // A victim walked through transfers has paid new payees large sums: rested past the walk
        // rules' window before it is cast again, a fan-in step of theirs is not held as a walk's.
        final Duration victimRest = thresholds.newPayeesWindow().plusMinutes(1);
        this.victims = new ActorPool(population, Population.Role.VICTIM, victimRest, outsiderPrefix(2));
        this.elderly = new ActorPool(population, Population.Role.ELDERLY_VICTIM, Duration.ZERO, outsiderPrefix(3));
        this.mules = new ActorPool(population, Population.Role.MULE,
                thresholds.fanInWindow().plusMinutes(1), outsiderPrefix(4));
        this.farmed = new ActorPool(population, Population.Role.FARMED, victimRest, outsiderPrefix(5));
    }

    public Population population() {
        return population;
    }

    public TrafficMix mix() {
        return mix;
    }

    /**
     * The next payment, with event time {@code now}.
     *
     * @param now not before the previous call's
     */
    public LabelledPayment next(final Instant now) {
        final long nowMs = now.toEpochMilli();
        if (nowMs < lastMs) {
            throw new IllegalArgumentException("now went back from " + Instant.ofEpochMilli(lastMs) + " to " + now);
        }
        if (startMs == Long.MIN_VALUE) {
            startMs = nowMs;
        }
        lastMs = nowMs;
        final String txnId = runId + "-" + Ids.digits("", ++sequence, 10);
        final Scenario scenario = mix.draw(random.nextDouble());
        return switch (scenario) {
            case ORDINARY -> ordinary(now, txnId);
            case SPLIT_BILL, RED_PACKET, FAMILY_AND_RENT, PAYROLL_RUN, GRANDPARENT_GIFT, REFUND ->
                    everyday(now, txnId, scenario);
            case LISTED_PAYEE -> single(now, txnId, scenario, Expectation.INTERCEPT, victims.next(nowMs),
                    population.listed(random.nextInt(population.rings())).party(), yuan(500, 30_000));
            case LINKED_PAYEE_1_HOP -> single(now, txnId, scenario, Expectation.INTERCEPT, victims.next(nowMs),
                    population.oneHop(random.nextInt(population.rings()),
                            random.nextInt(Population.LINKS_PER_RING)).party(), yuan(500, 30_000));
            case LINKED_PAYEE_2_HOPS -> single(now, txnId, scenario, Expectation.INTERCEPT, victims.next(nowMs),
                    population.twoHops(random.nextInt(population.rings()),
                            random.nextInt(Population.LINKS_PER_RING)).party(), yuan(500, 30_000));
            // A scheme's first two victims look like grandparents' gifts to a new account: verified; from
            // the third on the account's first payments from others give it away, and they are held.
            case ELDERLY_LARGE_NEW_PAYEE -> single(now, txnId, scenario,
                    collectionCursor < 2 * population.size(Population.Role.COLLECTION)
                            ? Expectation.STEP_UP_OR_STRONGER : Expectation.INTERCEPT,
                    elderly.next(nowMs), collectionAccount(),
                    between(thresholds.elderlyMinAmount(), 6 * thresholds.elderlyMinAmount()));
            case DORMANT_REACTIVATED -> dormantUsed < population.size(Population.Role.DORMANT)
                    ? single(now, txnId, scenario, Expectation.STEP_UP_OR_STRONGER,
                            population.holder(population.index(Population.Role.DORMANT, dormantUsed++)), stranger(),
                            between(thresholds.dormantMinAmount(), 4 * thresholds.dormantMinAmount()))
                    : ordinary(now, txnId);
            case MULE_FAN_IN, MULE_PASS_THROUGH -> muleStep(now, txnId);
            case CARD_FARMING_DEVICE -> farmStep(now, txnId);
            case SCAM_WALK -> walkStep(now, txnId);
        };
    }

    /** Minted outsiders per cast pool that ran short, for a run's report. */
    public Map<Population.Role, Long> outsidersMinted() {
        final Map<Population.Role, Long> minted = new EnumMap<>(Population.Role.class);
        minted.put(Population.Role.VICTIM, victims.outsiders());
        minted.put(Population.Role.MULE, mules.outsiders());
        minted.put(Population.Role.FARMED, farmed.outsiders());
        return minted;
    }

    // ---- ordinary

    private LabelledPayment ordinary(final Instant now, final String txnId) {
        final int second = secondOf(now);
        final int person = nextPerson();
        final int candidates = population.payeesOf(person, payees);
        final int known = introduced[person];
        final int payee;
        if (known == 0 || known < candidates && spaced(lastIntroducedSecond[person], second)
                && random.nextDouble() < NEW_PAYEE_CHANCE) {
            payee = payees[known];
            introduced[person]++;
            lastIntroducedSecond[person] = second;
        } else {
            payee = payees[random.nextInt(known)];
        }
        final Holder payer = population.holder(person);
        final Spending.Spent spent = spending.ordinary(random, payer, payee);
        return labelled(payment(txnId, now, spent.channel(), payer, population.holder(payee).party(),
                spent.amountMinor(), payer.deviceId(), payer.ipAddress()), PaymentLabel.ordinary(txnId, Scenario.ORDINARY));
    }

    /** The next payment of an everyday run of {@code shape}; an ordinary one when no run fits. */
    private LabelledPayment everyday(final Instant now, final String txnId, final Scenario shape) {
        final EverydayLife.Planned planned = everydayLife(now).next(shape);
        if (planned == null) {
            return ordinary(now, txnId);
        }
        final Holder payer = planned.payer();
        return labelled(payment(txnId, now, planned.channel(), payer, planned.payee(), planned.amountMinor(),
                payer.deviceId(), payer.ipAddress()), PaymentLabel.ordinary(txnId, shape));
    }

    private EverydayLife everydayLife(final Instant now) {
        if (everydayLife == null) {
            everydayLife = new EverydayLife(population, random, this::nextPerson, now);
        }
        return everydayLife;
    }

    /** The next person in turn: each pays once per round over all people, as people do. */
    private int nextPerson() {
        return (int) ((personOffset + personCursor++ * personStride) % population.people());
    }

    /** True when a payer that last took on a new payee at {@code last} (0 = never) may take another. */
    private boolean spaced(final int last, final int second) {
        return last == 0 || second - last >= spacingSeconds;
    }

    // ---- fraud

    private LabelledPayment single(final Instant now, final String txnId, final Scenario scenario,
                                   final Expectation expectation, final Holder payer, final Party payee,
                                   final long amount) {
        return labelled(payment(txnId, now, Channel.MOBILE_BANKING, payer, payee, amount, payer.deviceId(),
                payer.ipAddress()), PaymentLabel.single(txnId, scenario, expectation));
    }

    /**
     * The next due step of a mule episode, or the first of a new one. Fan-in: distinct victims
     * pay the collection account; the {@code min.distinct.payers}-th is the one held, and as held
     * payments do not arrive, only the ones before it count as received; their amounts add up to
     * more than the pass-through minimum. Pass-through: the account sends on 40–48 % of that,
     * then enough to reach 85–95 %; the second forward is the one held.
     */
    private LabelledPayment muleStep(final Instant now, final String txnId) {
        final long nowMs = now.toEpochMilli();
        final MuleEpisode episode = muleEpisodes.dueOrStart(nowMs,
                () -> new MuleEpisode(episodeId("M"), episodes, mules.next(nowMs)));
        mules.touch(episode.mule, nowMs);
        final int fanInThreshold = thresholds.fanInPayers();
        final int fanInSteps = fanInThreshold + EXTRA_EPISODE_STEPS;
        final LabelledPayment step;
        if (episode.step < fanInSteps) {
            final Holder victim = victims.next(nowMs);
            final long least = thresholds.passThroughMinInflow() / Math.max(1, fanInThreshold - 1) * 104 / 100;
            final long amount = between(least, least * 19 / 10);
            if (episode.step < fanInThreshold - 1) {
                episode.received += amount;
            }
            step = labelled(payment(txnId, now, Channel.MOBILE_BANKING, victim, episode.mule.party(), amount,
                    victim.deviceId(), victim.ipAddress()), PaymentLabel.inEpisode(txnId, Scenario.MULE_FAN_IN,
                    episode.id, episode.step + 1, fanInSteps, fanInThreshold));
        } else {
            final int forward = episode.step - fanInSteps;
            final long percent = forward == 0 ? 40 + random.nextInt(9)
                    : Math.min(99, thresholds.passThroughRatioPercent() + 5 + random.nextInt(11));
            final long amount = episode.received * percent / 100 - episode.forwarded;
            episode.forwarded += amount;
            step = labelled(payment(txnId, now, Channel.MOBILE_BANKING, episode.mule, stranger(), amount,
                    episode.mule.deviceId(), episode.mule.ipAddress()), PaymentLabel.inEpisode(txnId,
                    Scenario.MULE_PASS_THROUGH, episode.id, forward + 1, FORWARD_STEPS, FORWARD_STEPS));
        }
        if (++episode.step < fanInSteps + FORWARD_STEPS) {
            muleEpisodes.waitFor(episode, nowMs + stepGapMs);
        }
        return step;
    }

    /**
     * The next due step of a card-farming episode, or the first of a new one: a different farmed
     * account each step, all on the episode's new device, each to a new payee. The device's count
     * of payer accounts is published beside the decision path, so the payment after the one that
     * makes it {@code min.accounts} is the first that sees it.
     */
    private LabelledPayment farmStep(final Instant now, final String txnId) {
        final long nowMs = now.toEpochMilli();
        final FarmEpisode episode = farmEpisodes.dueOrStart(nowMs, () -> {
            final String id = episodeId("F");
            final long n = episodes;
            return new FarmEpisode(id, n, "FARM-" + runId + "-" + n,
                    "100." + (64 + (n >>> 16 & 0x3F)) + '.' + (n >>> 8 & 0xFF) + '.' + (n & 0xFF));
        });
        final int steps = thresholds.deviceAccounts() + EXTRA_EPISODE_STEPS;
        final Holder payer = farmed.next(nowMs);
        final LabelledPayment step = labelled(payment(txnId, now, Channel.THIRD_PARTY_PAY, payer, stranger(),
                yuan(200, 2_000), episode.device, episode.ip), PaymentLabel.inEpisode(txnId,
                Scenario.CARD_FARMING_DEVICE, episode.id, episode.step + 1, steps, thresholds.deviceAccounts() + 1));
        if (++episode.step < steps) {
            farmEpisodes.waitFor(episode, nowMs + stepGapMs);
        }
        return step;
    }

    /**
     * The next due step of a scam walk ("safe account"), or the first of a new one: a victim pays
     * {@link #WALK_AMOUNTS_YUAN} to one new payee after another, other banks' accounts StopPay has
     * no profile of, so nothing but the sums tells it from everyday life. The step whose sum to new
     * payees reaches NEW_PAYEES_LARGE_SUM's total is the threshold.
     */
    private LabelledPayment walkStep(final Instant now, final String txnId) {
        final long nowMs = now.toEpochMilli();
        final WalkEpisode episode = walkEpisodes.dueOrStart(nowMs,
                () -> new WalkEpisode(episodeId("W"), episodes, victims.next(nowMs)));
        victims.touch(episode.victim, nowMs);
        final long amount = WALK_AMOUNTS_YUAN[episode.step] * YUAN;
        final LabelledPayment step = labelled(payment(txnId, now, Channel.MOBILE_BANKING, episode.victim, stranger(),
                amount, episode.victim.deviceId(), episode.victim.ipAddress()), PaymentLabel.inEpisode(txnId,
                Scenario.SCAM_WALK, episode.id, episode.step + 1, WALK_AMOUNTS_YUAN.length, walkThreshold()));
        if (++episode.step < WALK_AMOUNTS_YUAN.length) {
            walkEpisodes.waitFor(episode, nowMs + stepGapMs);
        }
        return step;
    }

    /** The 1-based step of a walk whose running sum first reaches the large-sum threshold. */
    private int walkThreshold() {
        long sum = 0;
        for (int i = 0; i < WALK_AMOUNTS_YUAN.length; i++) {
            sum += WALK_AMOUNTS_YUAN[i] * YUAN;
            if (i >= 1 && sum >= thresholds.newPayeesLargeSum()) {
                return i + 1;
            }
        }
        throw new IllegalStateException("a walk of " + sum + " never reaches " + thresholds.newPayeesLargeSum());
    }

    /**
     * Open episodes of one kind: those waiting out their step gap, in due order (the gap is
     * fixed, so that is the order they were put back in), and those due, oldest first.
     */
    private static final class OpenEpisodes<E extends Episode> {

        private final ArrayDeque<E> waiting = new ArrayDeque<>();
        private final PriorityQueue<E> due = new PriorityQueue<>(Comparator.comparingLong(e -> e.number));

        /** The oldest (first started) episode whose next step is due at {@code nowMs}, or a new one from {@code start}. */
        E dueOrStart(final long nowMs, final Supplier<E> start) {
            while (!waiting.isEmpty() && waiting.peekFirst().dueMs <= nowMs) {
                due.add(waiting.pollFirst());
            }
            final E oldest = due.poll();
            return oldest != null ? oldest : start.get();
        }

        /** Puts back an episode whose next step is due at {@code dueMs}: not before any put back earlier. */
        void waitFor(final E episode, final long dueMs) {
            episode.dueMs = dueMs;
            waiting.addLast(episode);
        }
    }

    // ---- records

    /** A payment in CNY by {@code payer} from {@code deviceId} and {@code ipAddress}, in the payer's region. */
    static PaymentTransaction payment(final String txnId, final Instant now, final Channel channel,
                                      final Holder payer, final Party payee, final long amountMinor,
                                      final String deviceId, final String ipAddress) {
        return PaymentTransaction.newBuilder()
                .setTxnId(txnId)
                .setEventTime(now)
                .setChannel(channel)
                .setPayer(payer.party())
                .setPayee(payee)
                .setAmountMinor(amountMinor)
                .setCurrency("CNY")
                .setDeviceId(deviceId)
                .setIpAddress(ipAddress)
                .setRegionCode(payer.regionCode())
                .build();
    }

    static LabelledPayment labelled(final PaymentTransaction payment, final PaymentLabel label) {
        return new LabelledPayment(payment.getPayer().getAccountId(), payment, label);
    }

    /** The next of the schemes' young collection accounts, in turn. */
    private Party collectionAccount() {
        final int size = population.size(Population.Role.COLLECTION);
        return population.holder(population.index(Population.Role.COLLECTION, collectionCursor++ % size)).party();
    }

    /** A payee of another bank that no one here paid before. */
    private Party stranger() {
        return population.outsider(Ids.digits(outsiderPrefix(1), strangers++, 10)).party();
    }

    private String episodeId(final String kind) {
        return runId + "-" + kind + Ids.digits("", ++episodes, 8);
    }

    /** {@code 6217}, the run's salt and a kind digit: 9 digits, so minted ids of runs and kinds never meet. */
    private String outsiderPrefix(final int kind) {
        return "6217" + runSalt + kind;
    }

    private int secondOf(final Instant now) {
        return (int) ((now.toEpochMilli() - startMs) / 1000) + 1;
    }

    private long yuan(final long from, final long to) {
        return between(from * YUAN, to * YUAN);
    }

    private long between(final long from, final long to) {
        return Spending.between(random, from, to);
    }

    /** A step in {@code [1, n)} with no common factor with {@code n}, so stepping by it visits all of {@code 0..n-1}. */
    private static long coprimeStride(final int n, final long hash) {
        if (n <= 2) {
            return 1;
        }
        long stride = 1 + Ids.below(hash, n - 1);
        while (gcd(stride, n) != 1) {
            stride = stride % (n - 1) + 1;
        }
        return stride;
    }

    private static long gcd(final long a, final long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private abstract static class Episode {
        /** Start order among all episodes: the lower, the sooner its due steps are taken. */
        final long number;
        long dueMs;
        int step;

        Episode(final long number) {
            this.number = number;
        }
    }

    private static final class MuleEpisode extends Episode {
        final String id;
        final Holder mule;
        long received;
        long forwarded;

        MuleEpisode(final String id, final long number, final Holder mule) {
            super(number);
            this.id = id;
            this.mule = mule;
        }
    }

    private static final class WalkEpisode extends Episode {
        final String id;
        final Holder victim;

        WalkEpisode(final String id, final long number, final Holder victim) {
            super(number);
            this.id = id;
            this.victim = victim;
        }
    }

    private static final class FarmEpisode extends Episode {
        final String id;
        final String device;
        final String ip;

        FarmEpisode(final String id, final long number, final String device, final String ip) {
            super(number);
            this.id = id;
            this.device = device;
            this.ip = ip;
        }
    }
}
