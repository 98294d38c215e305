package io.stoppay.rules;

import java.util.List;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/**
 * What the ruleset concluded for one payment: the action (the most severe of the hits' and of
 * the score threshold reached), the score (the capped sum of the hits' weights), the hits, and
 * the version of the ruleset.
 */
public record Verdict(Action action, int score, List<RuleHit> hits, String rulesetVersion) {

    /** HOLD and STOP_PAYMENT keep the money where it is. */
    public boolean stopsMoney() {
        return action.compareTo(Action.HOLD) >= 0;
    }

    /**
     * PASS and REVIEW let the money go. A step-up's outcome never comes back to StopPay, and HOLD
     * and STOP_PAYMENT keep the money where it is.
     */
    public boolean letsMoneyGo() {
        return letsMoneyGo(action);
    }

    /** False when one of {@code hits} asks, on its own, for a step-up or more: the payment cannot let the money go. */
    public static boolean letsMoneyGo(final List<RuleHit> hits) {
        for (final RuleHit hit : hits) {
            if (!letsMoneyGo(hit.getAction())) {
                return false;
            }
        }
        return true;
    }

    private static boolean letsMoneyGo(final Action action) {
        return action.compareTo(Action.STEP_UP_VERIFY) < 0;
    }

    public boolean fired(final String ruleId) {
        return fired(hits, ruleId);
    }

    /** Asked several times for every payment (which warnings to send), hence a loop. */
    public static boolean fired(final List<RuleHit> hits, final String ruleId) {
        for (final RuleHit hit : hits) {
            if (hit.getRuleId().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }
}
