package io.stoppay.validation;

import io.stoppay.topology.Publications;
import java.time.Clock;
import java.time.Duration;
import stoppay.v1.StopPaymentOutcome;

/**
 * A bank's {@link StopPaymentOutcome} must pass {@link OutcomeCheck} (key = alertId, the alertId of
 * its txnId, an operator, a plausible actedAt) and name the bank that acted: a {@code bankCode}
 * that is not blank and has no control, line-separator or direction-changing character, since a CONFIRMED_FRAUD lists the payee under it
 * as the listing's source.
 */
public final class StopPaymentOutcomeCheck extends OutcomeCheck<StopPaymentOutcome> {

    public StopPaymentOutcomeCheck(final Duration maxFutureSkew, final Clock clock) {
        super("alert", maxFutureSkew, clock);
    }

    @Override
    void checkOutcome(final String key, final StopPaymentOutcome outcome, final long timestamp) {
        final String txnId = outcome.getTxnId();
        checkCommon(key, outcome.getAlertId(), txnId,
                txnId != null && Publications.alertId(txnId).equals(outcome.getAlertId()),
                "operator", outcome.getOperator(), outcome.getActedAt(), timestamp);
        if (PaymentCheck.isBlank(outcome.getBankCode())) {
            throw new InvalidRecordException("MISSING_BANK_CODE", "alert outcome " + outcome.getAlertId()
                    + " has no bankCode");
        }
        if (ScreenText.unsafe(outcome.getBankCode())) {
            throw new InvalidRecordException("INVALID_BANK_CODE", "alert outcome " + outcome.getAlertId()
                    + " has a control, line-separator or direction-changing character in its bankCode");
        }
    }
}
