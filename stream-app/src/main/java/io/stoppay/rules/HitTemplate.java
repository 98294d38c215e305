package io.stoppay.rules;

import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/**
 * What every hit of one configured rule carries besides its evidence: the rule's id and the
 * action and weight the ruleset gave it, so that a ruleset can re-weigh a rule without code.
 */
public record HitTemplate(String ruleId, Action action, int weight) {

    public RuleHit hit(final String evidence) {
        return new RuleHit(ruleId, action, weight, evidence);
    }
}
