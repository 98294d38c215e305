package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generator driven by the send times of a benchmark in max-rate mode: a warm-up paced at
 * 1,000/s, then the closed loop fills its backlog bound at once (20,000 payments within about
 * 0.7 s, 30 in each millisecond), then sends a batch each time a commit's decisions come back
 * (150 payments in one millisecond every 100 ms, 1,500/s). Event times only: no wall clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorMaxRateTest {

    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    private static final long WARM_UP_MS = 10_000;
    private static final long END_MS = 40_000;
    private static final Duration GAP = TrafficGenerator.DEFAULT_STEP_GAP;

    private final List<LabelledPayment> payments = generateAsMaxRateModeSends(42);

    /** Every payment of one run, warm-up included. */
    private static List<LabelledPayment> generateAsMaxRateModeSends(final long seed) {
        final TrafficGenerator generator = new TrafficGenerator(new Population(seed, 100_000, START),
                TrafficMix.defaults(), "max");
        final List<LabelledPayment> payments = new ArrayList<>();
        for (long ms = 0; ms < WARM_UP_MS; ms++) {
            payments.add(generator.next(START.plusMillis(ms)));
        }
        for (int i = 0; i < 20_000; i++) {
            payments.add(generator.next(START.plusMillis(WARM_UP_MS + i / 30)));
        }
        for (long ms = WARM_UP_MS + 700; ms < END_MS; ms += 100) {
            for (int i = 0; i < 150; i++) {
                payments.add(generator.next(START.plusMillis(ms)));
            }
        }
        return payments;
    }

    @Test
    void shouldForwardFromMulesAndFinishFanInAndFarmingEpisodesWithinTheMeasuredWindow() {
        final List<LabelledPayment> measured = payments.stream().filter(GeneratorMaxRateTest::measured).toList();

        assertThat(judged(measured, Scenario.MULE_PASS_THROUGH)).isGreaterThanOrEqualTo(20);
        assertThat(judged(measured, Scenario.MULE_FAN_IN)).isGreaterThanOrEqualTo(50);
        assertThat(judged(measured, Scenario.CARD_FARMING_DEVICE)).isGreaterThanOrEqualTo(50);
        final List<List<LabelledPayment>> endedInWindow = episodes(payments).values().stream()
                .filter(e -> complete(e) && measured(e.get(e.size() - 1))).toList();
        assertThat(endedInWindow.stream().filter(e -> e.get(0).label().scenario() == Scenario.MULE_FAN_IN))
                .hasSizeGreaterThanOrEqualTo(20);
        assertThat(endedInWindow.stream().filter(e -> e.get(0).label().scenario() == Scenario.CARD_FARMING_DEVICE))
                .hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void shouldFinishEveryEpisodeStartedBeforeTheBurstDespiteTheEpisodesTheBurstStarted() {
        final List<List<LabelledPayment>> startedInWarmUp = episodes(payments).values().stream()
                .filter(e -> !measured(e.get(0))).toList();

        assertThat(startedInWarmUp).hasSizeGreaterThan(20)
                .allSatisfy(episode -> assertThat(complete(episode)).as(episode.get(0).label().episode()).isTrue());
    }

    @Test
    void shouldKeepEveryEpisodesStepsAtLeastTheStepGapApart() {
        for (final List<LabelledPayment> episode : episodes(payments).values()) {
            for (int i = 1; i < episode.size(); i++) {
                assertThat(Duration.between(episode.get(i - 1).payment().getEventTime(),
                        episode.get(i).payment().getEventTime())).as(episode.get(i).label().toString())
                        .isGreaterThanOrEqualTo(GAP);
            }
        }
    }

    @Test
    void shouldMakeTheSameRecordsAndLabelsFromTheSameBurstySendTimes() {
        assertThat(generateAsMaxRateModeSends(42)).isEqualTo(payments);
    }

    private static boolean measured(final LabelledPayment payment) {
        return !payment.payment().getEventTime().isBefore(START.plusMillis(WARM_UP_MS));
    }

    private static long judged(final List<LabelledPayment> payments, final Scenario scenario) {
        return payments.stream().filter(p -> p.label().scenario() == scenario && p.label().judged()).count();
    }

    /**
     * True when the episode made its last step: a farmed device's last payment, or a mule's last
     * forward (its fan-in payments alone are not the whole episode).
     */
    private static boolean complete(final List<LabelledPayment> episode) {
        final PaymentLabel last = episode.get(episode.size() - 1).label();
        return last.scenario() != Scenario.MULE_FAN_IN && last.position() == last.episodeSize();
    }

    private static Map<String, List<LabelledPayment>> episodes(final List<LabelledPayment> payments) {
        final Map<String, List<LabelledPayment>> episodes = new LinkedHashMap<>();
        payments.stream().filter(p -> !p.label().episode().isEmpty())
                .forEach(p -> episodes.computeIfAbsent(p.label().episode(), e -> new ArrayList<>()).add(p));
        return episodes;
    }
}
