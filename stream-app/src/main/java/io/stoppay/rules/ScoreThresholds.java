package io.stoppay.rules;

import stoppay.v1.Action;
import stoppay.v1.RuleSet;

/**
 * The score at which each action starts, so that several weak hits together can hold a payment
 * none of them would hold alone. A threshold above 100 is never reached (the score is capped).
 */
record ScoreThresholds(int review, int stepUp, int hold, int stop) {

    static ScoreThresholds of(final RuleSet ruleSet) {
        return new ScoreThresholds(ruleSet.getReviewScore(), ruleSet.getStepUpScore(), ruleSet.getHoldScore(),
                ruleSet.getStopScore());
    }

    /** The most severe action whose threshold {@code score} reaches; PASS below them all. */
    Action actionAt(final int score) {
        if (score >= stop) {
            return Action.STOP_PAYMENT;
        }
        if (score >= hold) {
            return Action.HOLD;
        }
        if (score >= stepUp) {
            return Action.STEP_UP_VERIFY;
        }
        return score >= review ? Action.REVIEW : Action.PASS;
    }
}
