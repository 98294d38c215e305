package io.stoppay.rules;

import java.util.Map;
import stoppay.v1.Action;

/**
 * One rule the engine knows, as the {@link RuleCatalogue} lists it.
 *
 * @param action what a hit implies unless a ruleset says otherwise
 * @param weight what a hit adds to the score unless a ruleset says otherwise
 * @param params every param the rule takes, with its default; a ruleset may set only these
 * @param paramsOf the rule whose configured params this one reads: itself, except for a rule
 *        that must share a boundary with another (PAYEE_LINKED reads PAYEE_RESTRICTED's)
 * @param stage where the rule runs: PAYEE for rules that need the payee's own history
 */
public record RuleDefinition(
        String ruleId,
        Action action,
        int weight,
        Map<String, Long> params,
        String paramsOf,
        Rule.Stage stage,
        RuleFactory factory) {

    public RuleDefinition {
        params = Map.copyOf(params);
    }
}
