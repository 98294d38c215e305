package io.stoppay.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule's params: what the ruleset sets, over the rule's defaults. */
class RuleParamsTest {

    private static final Map<String, Long> DEFAULTS = Map.of("window.ms", 600_000L, "max.count", 10L);

    @Test
    void shouldTakeTheDefaultOfAParamTheRulesetLeavesOut() {
        // When
        final RuleParams params = RuleParams.of("PAYER_VELOCITY", DEFAULTS, Map.of("max.count", 3L));

        // Then
        assertThat(params.duration("window.ms")).isEqualTo(Duration.ofMinutes(10));
        assertThat(params.longValue("max.count")).isEqualTo(3L);
    }

    @Test
    void shouldIgnoreAConfiguredParamTheRuleDoesNotDeclare() {
        // When
        final RuleParams params = RuleParams.of("PAYER_VELOCITY", DEFAULTS, Map.of("max.cuont", 3L));

        // Then
        assertThat(params.longValue("max.count")).isEqualTo(10L);
        assertThatThrownBy(() -> params.longValue("max.cuont")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule PAYER_VELOCITY declares no param max.cuont");
    }

    @Test
    void shouldRefuseToReadACountAsADuration() {
        // Given
        final RuleParams params = RuleParams.of("PAYER_VELOCITY", DEFAULTS, Map.of());

        // When / Then
        assertThatThrownBy(() -> params.duration("max.count")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("param max.count of rule PAYER_VELOCITY is not a duration (*.ms)");
    }
}
