package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.generator.DetectionTally;
import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.RiskDecision;

/**
 * An outage: StopPay (one process) decides labelled traffic live, is killed with SIGKILL, stays
 * down for {@code -Dreliability.outage.seconds} (two minutes by default) while the payments keep
 * coming, and is started again on the same state directory, where it replays the backlog. Every
 * payment must then be decided exactly once (the fixture's checks), and each fraud scenario must
 * be detected on the backlog as it was live.
 *
 * <p><b>SIGKILL, not SIGTERM.</b> An outage is rarely planned (a crash, a lost node, the OOM
 * killer), and SIGKILL is the harsher case: nothing is committed or flushed, so the restarted
 * instance first rebuilds the live phase's state from the changelogs (the episodes that began
 * live are finished on that state), and the payments of the transaction open at the kill are
 * aborted and decided again with the backlog. A SIGTERM would only spare it that work.
 *
 * <p><b>The phases.</b> The live payments are those whose decision the killed instance had
 * committed (read once the broker has aborted its open transactions); every other payment was
 * decided from the backlog by the restarted one. The live phase lasts at least 20 s of traffic and
 * until StopPay has decided, live, a judged payment of every fraud scenario in the feed's mix (a
 * mule's judged forward first comes some 35 s in: an episode is ten steps at least 2 s apart in
 * event time, several interleaved), so that every scenario has a live figure to be compared with.
 * The feed runs at the fixture's rate throughout the outage and stops when StopPay is restarted.
 *
 * <p><b>The rule, per fraud scenario</b> ({@link #allowedMisses}): both phases must have judged
 * payments of it (held or stopped from the threshold on, as {@link DetectionTally} judges for the
 * benchmark), and for an episodic scenario at least one episode must lie wholly in the backlog:
 * absent evidence fails. Then the backlog's misses (judged payments not decided as their label
 * expects) may not exceed:
 * <ul>
 * <li>0 for payments decided on their own (listed and linked payees, elderly victims, dormant
 *     accounts): lists, links and profiles are loaded before traffic and the payer's history is
 *     in the payer's own task, so no timing enters; 100% in every recorded run. An elder-fraud
 *     collection account's second victim on is held on the first payments it took (design note
 *     19), counted in the payee's task as fan-in is, and the event-time order of note 12 records
 *     an earlier victim's inflow before a later one is judged;</li>
 * <li>for mule fan-in and pass-through, 1% of the backlog's judged payments and the live run's
 *     miss rate plus one payment (the backlog not lower than live by more than one payment's
 *     worth). Both are counted in the mule's own task; design note 9 requires an account's
 *     inflows to be recorded before its outflows are judged, which makes them deterministic, and
 *     live they are 100% in the benchmark;</li>
 * <li>for card farming, what a replay detecting as the live run did would reach in 999 runs of
 *     1,000: the 99.9th percentile of a binomial over the backlog's judged payments, with the
 *     live miss rate's upper 99% (Wilson) bound. A device's payer count reaches the decision
 *     through a topic and a global store (design note 7), so even live a few payments after the
 *     threshold are decided before it arrives (92–96% in the benchmark runs): demanding equality
 *     there would fail a correct StopPay at random. With the ~20 live and ~77 backlog judged
 *     payments of the reduced form this catches a collapse, not a few points: after a perfect live
 *     run (19 of 19) a backlog below 62% fails; a live run that missed itself makes it more
 *     lenient (12 of 17 on a heavily loaded machine: below 25%).</li>
 * </ul>
 * Ordinary payments held or stopped on the backlog stay within the fixture's 0.5% as well.
 */
class OutageReplayIT {

    private static final int RATE = ReliabilityFixture.RATE;
    /** How long StopPay stays down while the feed runs. */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("reliability.outage.seconds", 120));
    /** The least traffic of the live phase. */
    private static final int LIVE_PAYMENTS = ReliabilityFixture.paymentsFor(20);
    private static final int POISON_EVERY = 250;
    /** One-sided 99% for the live miss rate's upper bound. */
    private static final double Z_99 = 2.326;
    private static final double BINOMIAL_QUANTILE = 0.999;

    @TempDir
    Path work;

    @Test
    void shouldDetectEveryScenarioOnTheReplayedBacklogAsItDidLive() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 53)) {
            final PaymentFeed feed = fixture.feed();
            final Set<Scenario> scenarios = fraudScenarios(feed);
            // After a restart the tasks that restore last hold back every watermark; the default
            // longest hold (3 s, sized for failover) would judge the oldest of the backlog out of
            // order meanwhile. A bank that wants restarts replayed in order sets it above its
            // restore time (design note 12), as here.
            final StopPayInstance instance = fixture.instance("outage",
                    Map.of(StopPayConfig.ORDERING_ENABLED, "true", StopPayConfig.ORDERING_MAX_HOLD_MS, "30000")).start();
            fixture.awaitReferenceData(instance);
            feed.startUntilStopped(RATE, POISON_EVERY);

            // Live: until every fraud scenario has a judged payment decided.
            fixture.awaitOutputs(out -> feed.sent() >= LIVE_PAYMENTS
                            && judgedIn(fixture.detection(out, txnId -> true)).containsAll(scenarios),
                    Duration.ofSeconds(LIVE_PAYMENTS / RATE).plusMinutes(3));
            instance.kill();
            final long killedAt = System.nanoTime();
            final int sentAtKill = feed.sent();

            // The outage: the feed goes on at its rate, StopPay is down.
            await().atMost(OUTAGE.plusMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> System.nanoTime() - killedAt >= OUTAGE.toNanos()
                            && feed.sent() - sentAtKill >= OUTAGE.toSeconds() * RATE);
            feed.stop();
            feed.awaitSent(Duration.ofMinutes(1));
            final double downSeconds = (System.nanoTime() - killedAt) / 1e9;
            await().atMost(Duration.ofMinutes(1)).until(fixture::noOpenTransactions);
            final Set<String> decidedLive = Set.copyOf(fixture.outputsNow().decisions().keySet());

            final long restartedAt = System.currentTimeMillis();
            instance.start();
            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5).plus(OUTAGE));
            final int backlog = feed.sent() - decidedLive.size();
            final double drainSeconds = (out.decidedAt().values().stream().mapToLong(Long::longValue).max()
                    .orElseThrow() - restartedAt) / 1000.0;

            final DetectionTally live = fixture.detection(out, decidedLive::contains);
            final DetectionTally replayed = fixture.detection(out, txnId -> !decidedLive.contains(txnId));
            final Map<String, List<PaymentLabel>> replayedEpisodes = backlogEpisodes(feed.labels(), decidedLive);
            final Map<Scenario, Long> episodes = episodesWith(replayedEpisodes);
            final List<ScenarioResult> results = scenarios.stream().map(s -> new ScenarioResult(s, live.counts(s),
                    replayed.counts(s), episodes.getOrDefault(s, 0L))).toList();
            final String table = results.stream().map(r -> r + missedEpisode(r.scenario(), replayedEpisodes, out)
                    .map(e -> "\n    e.g. " + e).orElse("")).collect(Collectors.joining("\n"));
            final DetectionTally.Counts ordinary = replayed.ordinary();
            System.out.printf("Outage replay: down %.0f s, %d payments decided live, %d from the backlog "
                    + "(decided within %.1f s of the restart); ordinary payments held or stopped: %d of %d live, "
                    + "%d of %d on the backlog%n%s%n", downSeconds, decidedLive.size(), backlog, drainSeconds,
                    live.ordinary().intercepted(), live.ordinary().judged(),
                    ordinary.intercepted(), ordinary.judged(), table);

            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            assertThat(ordinary.intercepted()).as("ordinary payments of the backlog held or stopped")
                    .isLessThanOrEqualTo(ReliabilityFixture.falsePositivesAllowed(ordinary.judged()));
            assertThat(results.stream().flatMap(r -> r.problems().stream()).toList())
                    .as("detection on the backlog against the live run, per scenario:%n%s", table).isEmpty();
            await().atMost(Duration.ofMinutes(2)).until(instance::ready);
            final int accounts = fixture.assertBehaviourMatchesInput(instance, 50);
            ReliabilityFixture.record("outage replay (SIGKILL, down " + Math.round(downSeconds) + " s, restarted)",
                    String.format(Locale.ROOT, "%d payments decided live, %d from the backlog within %.1f s of the "
                                    + "restart; as expected live vs backlog: %s; %s; %d busiest accounts' histories "
                                    + "equal to the input; duplicates 0, losses 0", decidedLive.size(), backlog,
                            drainSeconds, results.stream().map(ScenarioResult::brief).collect(Collectors.joining(", ")),
                            report, accounts));
        }
    }

    /** The fraud scenarios the feed's mix sends. */
    private static Set<Scenario> fraudScenarios(final PaymentFeed feed) {
        return Arrays.stream(Scenario.values()).filter(s -> s.fraud() && feed.mix().share(s) > 0)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scenario.class)));
    }

    private static Set<Scenario> judgedIn(final DetectionTally tally) {
        return tally.byScenario().entrySet().stream().filter(e -> e.getValue().judged() > 0)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /**
     * The episodes of which no payment was decided live, each with its steps in the order sent:
     * episodes that happened, from their start, while StopPay was down.
     */
    static Map<String, List<PaymentLabel>> backlogEpisodes(final Map<String, PaymentLabel> labels,
                                                           final Set<String> decidedLive) {
        return labels.values().stream().filter(label -> !label.episode().isEmpty())
                .sorted(Comparator.comparing(PaymentLabel::txnId))
                .collect(Collectors.groupingBy(PaymentLabel::episode, TreeMap::new, Collectors.toList()))
                .entrySet().stream()
                .filter(e -> e.getValue().stream().noneMatch(step -> decidedLive.contains(step.txnId())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** Per scenario, how many of {@code episodes} have a judged payment of it. */
    static Map<Scenario, Long> episodesWith(final Map<String, List<PaymentLabel>> episodes) {
        final Map<Scenario, Long> count = new EnumMap<>(Scenario.class);
        episodes.values().stream()
                .flatMap(steps -> steps.stream().filter(PaymentLabel::judged).map(PaymentLabel::scenario).distinct())
                .forEach(scenario -> count.merge(scenario, 1L, Long::sum));
        return count;
    }

    /**
     * For a diagnosis: the first of {@code episodes} in which a judged payment of {@code scenario}
     * was missed, step by step in the order sent (* judged), with each step's decision and when it
     * was appended after the episode's first (a step decided before an earlier one shows the order
     * the replay saw them in).
     */
    static Optional<String> missedEpisode(final Scenario scenario, final Map<String, List<PaymentLabel>> episodes,
                                          final PublishedOutputs out) {
        final Function<PaymentLabel, RiskDecision> decision = step -> out.decisions().get(step.txnId()).get(0);
        return episodes.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(step -> step.scenario()
                        == scenario && !step.metBy(decision.apply(step).getAction()))).findFirst().map(e -> {
                    final List<PaymentLabel> steps = e.getValue();
                    final long first = steps.stream().mapToLong(step -> out.decidedAt().get(step.txnId())).min()
                            .orElseThrow();
                    return e.getKey() + ": " + steps.stream().map(step -> String.format(Locale.ROOT,
                            "%s%d%s %s +%d ms", stepName(step.scenario()), step.position(), step.judged() ? "*" : "",
                            decision.apply(step).getAction(), out.decidedAt().get(step.txnId()) - first))
                            .collect(Collectors.joining(", "));
                });
    }

    private static String stepName(final Scenario scenario) {
        return switch (scenario) {
            case MULE_FAN_IN -> "in";
            case MULE_PASS_THROUGH -> "out";
            default -> "account";
        };
    }

    /** True for the scenarios of episodes, detected from a threshold on. */
    static boolean episodic(final Scenario scenario) {
        return scenario == Scenario.MULE_FAN_IN || scenario == Scenario.MULE_PASS_THROUGH
                || scenario == Scenario.CARD_FARMING_DEVICE;
    }

    /** The most judged payments of the backlog that may miss their expectation (the rule in the class comment). */
    static long allowedMisses(final Scenario scenario, final DetectionTally.Counts live,
                              final DetectionTally.Counts backlog) {
        final long n = backlog.judged();
        final double liveMissRate = 1 - live.metFraction();
        return switch (scenario) {
            case MULE_FAN_IN, MULE_PASS_THROUGH -> Math.min((long) Math.floor(n * 0.01),
                    (long) Math.floor(n * liveMissRate + 1e-9) + 1);
            case CARD_FARMING_DEVICE -> binomialQuantile(n, wilsonUpper(liveMissRate, live.judged()), BINOMIAL_QUANTILE);
            default -> 0;
        };
    }

    /** The one-sided upper 99% Wilson bound of a rate observed as {@code rate} over {@code n} trials. */
    static double wilsonUpper(final double rate, final long n) {
        final double z2 = Z_99 * Z_99;
        return Math.min(1, (rate + z2 / (2 * n) + Z_99 * Math.sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n)))
                / (1 + z2 / n));
    }

    /** The least k with P(X ≤ k) ≥ {@code level} for X ~ Binomial(n, p). */
    static long binomialQuantile(final long n, final double p, final double level) {
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        double pmf = Math.pow(1 - p, n);
        double cdf = pmf;
        long k = 0;
        while (cdf < level && k < n) {
            pmf *= (double) (n - k) / (k + 1) * p / (1 - p);
            cdf += pmf;
            k++;
        }
        return k;
    }

    /** What the two phases showed of one fraud scenario, and what the rule makes of it. */
    record ScenarioResult(Scenario scenario, DetectionTally.Counts live, DetectionTally.Counts backlog,
                          long episodesInBacklog) {

        long misses() {
            return backlog.judged() - backlog.met();
        }

        List<String> problems() {
            final List<String> problems = new ArrayList<>();
            if (live.judged() == 0) {
                problems.add(scenario.key() + ": no judged payment decided live, nothing to compare with");
            }
            if (backlog.judged() == 0) {
                problems.add(scenario.key() + ": no judged payment in the backlog");
            }
            if (episodic(scenario) && episodesInBacklog == 0) {
                problems.add(scenario.key() + ": no episode wholly in the backlog");
            }
            if (problems.isEmpty() && misses() > allowedMisses(scenario, live, backlog)) {
                problems.add(String.format(Locale.ROOT, "%s: %d of %d judged backlog payments missed (%.1f%% as "
                                + "expected, live %.1f%%); at most %d may", scenario.key(), misses(), backlog.judged(),
                        100 * backlog.metFraction(), 100 * live.metFraction(),
                        allowedMisses(scenario, live, backlog)));
            }
            return problems;
        }

        /** {@code mule_pass_through 6/6 → 12/26} */
        String brief() {
            return String.format(Locale.ROOT, "%s %d/%d → %d/%d", scenario.key(), live.met(), live.judged(),
                    backlog.met(), backlog.judged());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-24s live %4d/%-4d (%5.1f%%)  backlog %4d/%-4d (%5.1f%%)  "
                            + "misses allowed %s  episodes wholly in the backlog %s", scenario.key(), live.met(),
                    live.judged(), 100 * live.metFraction(), backlog.met(), backlog.judged(),
                    100 * backlog.metFraction(), live.judged() == 0 || backlog.judged() == 0 ? "-"
                            : Long.toString(allowedMisses(scenario, live, backlog)),
                    episodic(scenario) ? Long.toString(episodesInBacklog) : "-");
        }
    }
}
