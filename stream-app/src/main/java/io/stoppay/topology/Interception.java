package io.stoppay.topology;

import java.util.List;
import java.util.Optional;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentAlert;

/**
 * Everything one payment's decision publishes: the decision, a stop-payment alert when the
 * money is held or stopped, and the police warnings. It only travels between processors of one
 * task, so it is never serialized.
 */
public record Interception(RiskDecision decision, Optional<StopPaymentAlert> alert, List<PoliceWarning> warnings) {
}
