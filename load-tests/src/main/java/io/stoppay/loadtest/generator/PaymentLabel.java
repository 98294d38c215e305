package io.stoppay.loadtest.generator;

import java.util.Objects;
import stoppay.v1.Action;

/**
 * The ground truth of one generated payment, kept beside it (never in the record).
 *
 * @param txnId       the payment's txnId
 * @param scenario    what the payment is
 * @param fraud       true for the fraud scenarios, false for ordinary traffic and its everyday shapes
 * @param expectation what the built-in ruleset must decide
 * @param episode     the episode the payment belongs to (all payments of one fan-in, one
 *                    pass-through or one farmed device share it); empty for a single payment
 * @param position    1-based position in the episode; 1 for a single fraud payment, 0 for ordinary
 * @param episodeSize payments in the episode; 1 for a single fraud payment, 0 for ordinary
 * @param threshold   the position from which the episode must be intercepted; equal to
 *                    {@code position} for a single fraud payment, 0 for ordinary
 */
public record PaymentLabel(String txnId, Scenario scenario, boolean fraud, Expectation expectation, String episode,
                           int position, int episodeSize, int threshold) {

    public PaymentLabel {
        Objects.requireNonNull(txnId, "txnId");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(expectation, "expectation");
        Objects.requireNonNull(episode, "episode");
        if (fraud != scenario.fraud()) {
            throw new IllegalArgumentException("fraud must be " + scenario.fraud() + " for " + scenario);
        }
        if ((expectation == Expectation.PASS) == fraud) {
            throw new IllegalArgumentException("only ordinary payments are expected to pass");
        }
        if (fraud && (position < 1 || position > episodeSize || threshold < 1)) {
            throw new IllegalArgumentException("position must be within 1.." + episodeSize + " and threshold >= 1");
        }
    }

    /** An ordinary payment of everyday {@code shape} (not fraud: its money must move). */
    static PaymentLabel ordinary(final String txnId, final Scenario shape) {
        return new PaymentLabel(txnId, shape, false, Expectation.PASS, "", 0, 0, 0);
    }

    static PaymentLabel single(final String txnId, final Scenario scenario, final Expectation expectation) {
        return new PaymentLabel(txnId, scenario, true, expectation, "", 1, 1, 1);
    }

    static PaymentLabel inEpisode(final String txnId, final Scenario scenario, final String episode,
                                  final int position, final int episodeSize, final int threshold) {
        return new PaymentLabel(txnId, scenario, true, Expectation.INTERCEPT_FROM_THRESHOLD, episode, position,
                episodeSize, threshold);
    }

    /**
     * True when the decision of this payment counts in its scenario's detection rate: always,
     * except for an episode's payments before its threshold.
     */
    public boolean judged() {
        return expectation != Expectation.INTERCEPT_FROM_THRESHOLD || position >= threshold;
    }

    /** True when {@code action} is what this label expects; a payment that is not judged accepts any. */
    public boolean metBy(final Action action) {
        return switch (expectation) {
            case INTERCEPT -> Expectation.intercepts(action);
            case INTERCEPT_FROM_THRESHOLD -> !judged() || Expectation.intercepts(action);
            case STEP_UP_OR_STRONGER -> action.compareTo(Action.STEP_UP_VERIFY) >= 0;
            case PASS -> !Expectation.intercepts(action);
        };
    }
}
