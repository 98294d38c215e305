package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.stoppay.validation.PaymentCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratorDeterminismTest {

    private static final Instant START = Instant.parse("2026-11-23T01:00:00Z");
    private static final TrafficMix MIX = TrafficMix.withFraudShare(0.3);

    @Test
    void shouldMakeTheSameRecordsAndLabelsFromTheSameSeedAndTimes() {
        assertThat(generate(42, "run-a", 5_000)).isEqualTo(generate(42, "run-a", 5_000));
        assertThat(generate(43, "run-a", 200)).isNotEqualTo(generate(42, "run-a", 200));
    }

    @Test
    void shouldNeverRepeatATxnIdAcrossRunsWithTheSameSeed() {
        final List<String> ids = new ArrayList<>();
        generate(42, "run-a", 3_000).forEach(p -> ids.add(p.payment().getTxnId()));
        generate(42, "run-b", 3_000).forEach(p -> ids.add(p.payment().getTxnId()));

        assertThat(ids).doesNotHaveDuplicates().hasSize(6_000);
        assertThat(ids.get(0)).isEqualTo("run-a-0000000001");
    }

    @Test
    void shouldMakeValidPaymentsKeyedByPayerWithTheLabelOnlyBesideThem() {
        final PaymentCheck check = new PaymentCheck(Duration.ofMinutes(5), Duration.ofDays(1), Clock.systemUTC());

        assertThat(generate(42, "run-a", 5_000)).allSatisfy(p -> {
            check.check(p.key(), p.payment(), p.payment().getEventTime().toEpochMilli());
            assertThat(p.key()).isEqualTo(p.payment().getPayer().getAccountId());
            assertThat(p.label().txnId()).isEqualTo(p.payment().getTxnId());
            assertThat(p.payment().toString()).doesNotContain(p.label().scenario().name());
            if (!p.label().episode().isEmpty()) {
                assertThat(p.payment().toString()).doesNotContain(p.label().episode());
            }
        });
    }

    @Test
    void shouldDrawScenariosAboutAsTheMixSays() {
        final Map<Scenario, Long> counts = generate(42, "run-a", 20_000).stream()
                .collect(Collectors.groupingBy(p -> p.label().scenario(), Collectors.counting()));

        final long ordinary = counts.entrySet().stream().filter(e -> !e.getKey().fraud()).mapToLong(Map.Entry::getValue).sum();
        assertThat(ordinary / 20_000.0).isCloseTo(0.7, within(0.02));
        assertThat(counts).containsKeys(Scenario.values());
    }

    @Test
    void shouldBuildMuleEpisodesOfDistinctVictimsThenForwardsFromTheCollectionAccount() {
        final Map<String, List<LabelledPayment>> episodes = generate(42, "run-a", 20_000).stream()
                .filter(p -> p.label().scenario() == Scenario.MULE_FAN_IN
                        || p.label().scenario() == Scenario.MULE_PASS_THROUGH)
                .collect(Collectors.groupingBy(p -> p.label().episode()));
        final List<LabelledPayment> complete = episodes.values().stream().filter(e -> e.size() == 10).findFirst()
                .orElseThrow();
        final List<LabelledPayment> fanIn = complete.subList(0, 8);
        final String mule = fanIn.get(0).payment().getPayee().getAccountId();

        assertThat(fanIn).extracting(p -> p.label().position()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(fanIn).extracting(p -> p.label().threshold()).containsOnly(5);
        assertThat(fanIn).extracting(p -> p.payment().getPayee().getAccountId()).containsOnly(mule);
        assertThat(fanIn).extracting(p -> p.payment().getPayer().getAccountId()).doesNotHaveDuplicates();
        assertThat(complete.subList(8, 10)).allSatisfy(p -> {
            assertThat(p.label().scenario()).isEqualTo(Scenario.MULE_PASS_THROUGH);
            assertThat(p.payment().getPayer().getAccountId()).isEqualTo(mule);
        });
        final long received = fanIn.subList(0, 4).stream().mapToLong(p -> p.payment().getAmountMinor()).sum();
        final long forwarded = complete.subList(8, 10).stream().mapToLong(p -> p.payment().getAmountMinor()).sum();
        assertThat(received).isGreaterThanOrEqualTo(1_000_000);
        assertThat(complete.get(8).payment().getAmountMinor() * 100 / received).isLessThan(80);
        assertThat(forwarded * 100 / received).isBetween(80L, 99L);
        assertThat(Duration.between(fanIn.get(0).payment().getEventTime(), complete.get(9).payment().getEventTime()))
                .isGreaterThanOrEqualTo(TrafficGenerator.DEFAULT_STEP_GAP.multipliedBy(9));
    }

    @Test
    void shouldRunCardFarmingEpisodesOfDistinctPayersOnOneNewDevice() {
        final Map<String, List<LabelledPayment>> episodes = generate(42, "run-a", 20_000).stream()
                .filter(p -> p.label().scenario() == Scenario.CARD_FARMING_DEVICE)
                .collect(Collectors.groupingBy(p -> p.label().episode()));
        final List<LabelledPayment> episode = episodes.values().stream().filter(e -> e.size() == 8).findFirst()
                .orElseThrow();

        assertThat(episode).extracting(p -> p.payment().getDeviceId()).containsOnly(
                episode.get(0).payment().getDeviceId());
        assertThat(episode).extracting(p -> p.payment().getPayer().getAccountId()).doesNotHaveDuplicates();
        assertThat(episode).extracting(p -> p.label().threshold()).containsOnly(6);
        assertThat(episodes.values().stream().map(e -> e.get(0).payment().getDeviceId()).distinct().count())
                .isEqualTo(episodes.size());
    }

    @Test
    void shouldRefuseTimeGoingBackAndABadRunId() {
        final TrafficGenerator generator = new TrafficGenerator(new Population(1, 2_000, START), MIX, "r");
        generator.next(START.plusSeconds(1));

        assertThatThrownBy(() -> generator.next(START)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("went back");
        assertThatThrownBy(() -> new TrafficGenerator(new Population(1, 2_000, START), MIX, "a run"))
                .hasMessageContaining("run id");
    }

    @Test
    void shouldGenerateFromAMillionAccountsQuickly() {
        final TrafficGenerator generator = new TrafficGenerator(new Population(1, 1_000_000, START), MIX, "big");
        final long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            generator.next(START.plusMillis(i / 3));
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    private static List<LabelledPayment> generate(final long seed, final String runId, final int count) {
        final TrafficGenerator generator = new TrafficGenerator(new Population(seed, 5_000, START), MIX, runId);
        final Function<Integer, Instant> clock = i -> START.plusMillis(50L * i);
        final List<LabelledPayment> payments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payments.add(generator.next(clock.apply(i)));
        }
        return payments;
    }
}
