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
     * Whether a payment moved an account's money, as dormancy counts it (design note 31): it let the
     * money go (PASS or REVIEW; a step-up's outcome never comes back to StopPay, HOLD and
     * STOP_PAYMENT keep the money) and {@code dormancyRuleId} did not flag it as the account's
     * reactivation. {@code action} is the verdict's, or PASS where only {@code hits} are known yet
     * (the payer stage): then a hit asking a step-up or more on its own decides.
     */
    public static boolean movedMoney(final Action action, final List<RuleHit> hits, final String dormancyRuleId) {
        Action strongest = action;
        for (final RuleHit hit : hits) {
            if (hit.getRuleId().equals(dormancyRuleId)) {
                return false;
            }
            strongest = hit.getAction().compareTo(strongest) > 0 ? hit.getAction() : strongest;
        }
        return strongest.compareTo(Action.STEP_UP_VERIFY) < 0;
    }

    /** Asked several times for every payment (which warnings to send), hence a loop. */
    public boolean fired(final String ruleId) {
        for (final RuleHit hit : hits) {
            if (hit.getRuleId().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }
}
