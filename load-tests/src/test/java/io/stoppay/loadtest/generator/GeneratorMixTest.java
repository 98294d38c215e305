package io.stoppay.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeneratorMixTest {

    @Test
    void shouldReadSharesAndNormaliseThem() {
        final TrafficMix mix = TrafficMix.parse("ordinary=0.9, MULE-FAN-IN=0.05,card_farming_device=0.05,dormant_reactivated=0.1");

        assertThat(mix.share(Scenario.ORDINARY)).isCloseTo(0.9 / 1.1, within(1e-9));
        assertThat(mix.share(Scenario.MULE_FAN_IN)).isCloseTo(0.05 / 1.1, within(1e-9));
        assertThat(mix.share(Scenario.LISTED_PAYEE)).isZero();
    }

    @Test
    void shouldSplitAFraudShareOverEveryFraudScenarioAndTheRestOverEverydayShapes() {
        final TrafficMix mix = TrafficMix.withFraudShare(0.1);

        assertThat(Arrays.stream(Scenario.values()).filter(s -> !s.fraud()).mapToDouble(mix::share).sum())
                .isCloseTo(0.9, within(1e-9));
        assertThat(mix.share(Scenario.ORDINARY)).as("payees people always pay, most of ordinary traffic")
                .isCloseTo(0.72, within(1e-9));
        for (final Scenario scenario : Scenario.values()) {
            assertThat(mix.share(scenario)).as(scenario.key()).isPositive();
        }
        assertThat(TrafficMix.parse(mix.toString()).share(Scenario.MULE_FAN_IN))
                .isCloseTo(mix.share(Scenario.MULE_FAN_IN), within(1e-4));
    }

    @Test
    void shouldDrawScenariosInProportionToTheirShares() {
        final TrafficMix mix = TrafficMix.parse("ordinary=0.7,listed_payee=0.2,card_farming_device=0.1");
        final SplittableRandom random = new SplittableRandom(3);
        final Map<Scenario, Integer> drawn = new EnumMap<>(Scenario.class);
        for (int i = 0; i < 100_000; i++) {
            drawn.merge(mix.draw(random.nextDouble()), 1, Integer::sum);
        }

        assertThat(drawn).containsOnlyKeys(Scenario.ORDINARY, Scenario.LISTED_PAYEE, Scenario.CARD_FARMING_DEVICE);
        assertThat(drawn.get(Scenario.LISTED_PAYEE) / 100_000.0).isCloseTo(0.2, within(0.01));
        assertThat(drawn.get(Scenario.CARD_FARMING_DEVICE) / 100_000.0).isCloseTo(0.1, within(0.01));
    }

    @Test
    void shouldExpectBothMuleScenariosWhenEitherHasAShareAndNothingWithoutOne() {
        assertThat(TrafficMix.parse("ordinary=0.9,mule_fan_in=0.1,listed_payee=0").scenarios())
                .containsExactly(Scenario.ORDINARY, Scenario.MULE_FAN_IN, Scenario.MULE_PASS_THROUGH);
        assertThat(TrafficMix.parse("mule_pass_through=1").scenarios())
                .containsExactly(Scenario.MULE_FAN_IN, Scenario.MULE_PASS_THROUGH);
        assertThat(TrafficMix.defaults().scenarios()).containsExactly(Scenario.values());
    }

    /** Paydays and holiday peaks (FIELD-NOTES): named mixes of everyday shapes, with the usual fraud. */
    @Test
    void shouldMakeThePeaksOfTheYearByName() {
        final TrafficMix payday = TrafficMix.parse("payday");
        final TrafficMix festival = TrafficMix.parse(" Spring-Festival ");

        assertThat(payday.share(Scenario.PAYROLL_RUN)).isGreaterThan(TrafficMix.defaults().share(Scenario.PAYROLL_RUN) * 5);
        assertThat(festival.share(Scenario.RED_PACKET)).isGreaterThan(TrafficMix.defaults().share(Scenario.RED_PACKET) * 5);
        for (final TrafficMix peak : List.of(payday, festival)) {
            assertThat(Arrays.stream(Scenario.values()).filter(Scenario::fraud).mapToDouble(peak::share).sum())
                    .isCloseTo(0.05, within(1e-9));
        }
    }

    @Test
    void shouldNameWhatIsWrongWithABadMix() {
        assertThatThrownBy(() -> TrafficMix.parse("ordinary=0.9,mules=0.1"))
                .hasMessageStartingWith("mix: unknown scenario 'mules'; known: ordinary, split_bill");
        assertThatThrownBy(() -> TrafficMix.parse("ordinary"))
                .hasMessage("mix: 'ordinary' is not scenario=share (nor a peak: payday, spring-festival)");
        assertThatThrownBy(() -> TrafficMix.parse("ordinary=lots"))
                .hasMessage("mix: share of ordinary is not a number: 'lots'");
        assertThatThrownBy(() -> TrafficMix.parse("ordinary=-1")).hasMessageContaining("must be a number >= 0");
        assertThatThrownBy(() -> TrafficMix.parse("ordinary=1,ordinary=2")).hasMessage("mix: ordinary given twice");
        assertThatThrownBy(() -> TrafficMix.parse("ordinary=0")).hasMessage("mix: at least one share must be > 0");
        assertThatThrownBy(() -> TrafficMix.withFraudShare(1.5)).hasMessageContaining("within 0..1");
    }
}
