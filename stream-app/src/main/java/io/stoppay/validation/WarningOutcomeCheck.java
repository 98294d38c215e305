package io.stoppay.validation;

import io.stoppay.topology.Publications;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcome;

/**
 * An anti-fraud centre's {@link WarningOutcome} must pass {@link OutcomeCheck} (key = warningId,
 * the warningId of one kind of warning of its txnId, an officer, a plausible actedAt) and name the
 * centre's region: a 6-digit division code ({@code 000000} for the national centre).
 */
public final class WarningOutcomeCheck extends OutcomeCheck<WarningOutcome> {

    private static final Pattern DIVISION_CODE = Pattern.compile("\\d{6}");

    public WarningOutcomeCheck(final Duration maxFutureSkew, final Clock clock) {
        super("warning", maxFutureSkew, clock);
    }

    @Override
    void checkOutcome(final String key, final WarningOutcome outcome, final long timestamp) {
        checkCommon(key, outcome.getWarningId(), outcome.getTxnId(), isWarningOf(outcome.getWarningId(), outcome.getTxnId()),
                "officer", outcome.getOfficer(), outcome.getActedAt(), timestamp);
        if (outcome.getRegionCode() == null || !DIVISION_CODE.matcher(outcome.getRegionCode()).matches()) {
            throw new InvalidRecordException("INVALID_REGION", "warning outcome " + outcome.getWarningId()
                    + " has a regionCode that is not a 6-digit division code");
        }
    }

    private static boolean isWarningOf(final String warningId, final String txnId) {
        if (txnId == null) {
            return false;
        }
        for (final WarningKind kind : WarningKind.values()) {
            if (Publications.warningId(kind, txnId).equals(warningId)) {
                return true;
            }
        }
        return false;
    }
}
