package io.stoppay.topology;

import java.util.List;
import java.util.Optional;
import stoppay.internal.v1.Settlement;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentAlert;

/**
 * Everything one payment's decision publishes: the decision, a stop-payment alert when the
 * money is held or stopped, the police warnings, and the settlement for the payer's task when
 * there is something to settle; {@code payerRegion} is where a stop-payment is counted, and
 * {@code payerBank} (nullable) the bank that holds the money, whose analysts see its alert. It only
 * travels between processors of one task, so it is never serialized.
 */
public record Interception(RiskDecision decision, Optional<StopPaymentAlert> alert, List<PoliceWarning> warnings,
                           Optional<Settlement> settlement, String payerRegion, String payerBank) {

    /** The same, with the settlement to send back to the payer's task. */
    public Interception withSettlement(final Settlement settlement) {
        return new Interception(decision, alert, warnings, Optional.of(settlement), payerRegion, payerBank);
    }
}
