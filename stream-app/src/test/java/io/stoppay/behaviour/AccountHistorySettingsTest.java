package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.config.StopPayConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountHistorySettingsTest {

    /**
     * Under at-least-once a crash can restore a flow newer than the cached last activity, so a window
     * the last activity predates must still be scanned there.
     */
    @Test
    void shouldTrustTheLastActivityToBoundTheFlowsOnlyUnderExactlyOnce() {
        // When
        final AccountHistory.Settings exactlyOnce = AccountHistory.Settings.from(StopPayConfig.of(Map.of()));
        final AccountHistory.Settings atLeastOnce = AccountHistory.Settings.from(StopPayConfig.of(
                Map.of(StopPayConfig.PROCESSING_GUARANTEE, "at_least_once")));

        // Then
        assertThat(exactlyOnce.lastActivityBoundsFlows()).isTrue();
        assertThat(atLeastOnce.lastActivityBoundsFlows()).isFalse();
    }
}
