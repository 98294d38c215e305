package io.stoppay.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as evidence prints them. */
class DurationsTest {

    @Test
    void shouldPrintAThresholdExactlyInTheLargestUnitThatDividesIt() {
        // When / Then
        assertThat(Durations.exact(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(Durations.exact(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(Durations.exact(Duration.ofDays(180))).isEqualTo("180 d");
        assertThat(Durations.exact(Duration.ofMillis(1_500))).isEqualTo("1500 ms");
    }

    @Test
    void shouldPrintAnElapsedTimeRoundedDownToTheLargestUnitItReaches() {
        // When / Then
        assertThat(Durations.roughly(Duration.ofMinutes(38).plusSeconds(59))).isEqualTo("38 min");
        assertThat(Durations.roughly(Duration.ofHours(47))).isEqualTo("1 d");
        assertThat(Durations.roughly(Duration.ZERO)).isEqualTo("0 ms");
    }
}
