package io.stoppay.rules;

import io.stoppay.validation.InvalidRecordException;
import io.stoppay.validation.RecordCheck;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;

/**
 * A ruleset must be one the engine can run exactly as written: keyed by its id, versioned, made
 * of known rules each configured once, with weights of 0 to 100, known non-negative params,
 * windows no longer than the behaviour is remembered, and score thresholds that rise with the
 * severity of their action. A tombstone is rejected too: the ruleset in force must be replaced
 * by a new version, never silently disappear.
 */
public final class RuleSetCheck implements RecordCheck<RuleSet> {

    private static final int MAX_WEIGHT = 100;

    private final Duration maxWindow;

    /** @param maxWindow the behaviour retention: a window longer than it would see less than it claims */
    public RuleSetCheck(final Duration maxWindow) {
        this.maxWindow = maxWindow;
    }

    @Override
    public void check(final String key, final RuleSet ruleSet, final long timestamp) {
        if (isBlank(key)) {
            throw new InvalidRecordException("INVALID_KEY", "ruleset record has no key");
        }
        if (ruleSet == null) {
            throw new InvalidRecordException("MISSING_VALUE", "ruleset " + key
                    + " is a tombstone; a ruleset in force is replaced by publishing a new version, never deleted");
        }
        if (!key.equals(ruleSet.getRulesetId())) {
            throw new InvalidRecordException("KEY_MISMATCH",
                    "ruleset record key " + key + " is not its rulesetId " + ruleSet.getRulesetId());
        }
        if (isBlank(ruleSet.getVersion())) {
            throw invalid(key, "has no version");
        }
        final String name = key + " " + ruleSet.getVersion();
        if (ruleSet.getRules().isEmpty()) {
            throw invalid(name, "has no rules");
        }
        final Set<String> seen = new HashSet<>();
        for (final RuleConfig rule : ruleSet.getRules()) {
            checkRule(name, rule);
            if (!seen.add(rule.getRuleId())) {
                throw invalid(name, "configures rule " + rule.getRuleId() + " more than once");
            }
        }
        checkThresholds(name, ruleSet);
    }

    private void checkRule(final String name, final RuleConfig rule) {
        final RuleDefinition definition = RuleCatalogue.find(rule.getRuleId()).orElseThrow(() ->
                new InvalidRecordException("UNKNOWN_RULE", "ruleset " + name + " names rule " + rule.getRuleId()
                        + ", which StopPay does not know"));
        if (rule.getWeight() < 0 || rule.getWeight() > MAX_WEIGHT) {
            throw invalid(name, "gives rule " + rule.getRuleId() + " weight " + rule.getWeight()
                    + "; it must be 0.." + MAX_WEIGHT);
        }
        for (final Map.Entry<String, Long> param : rule.getParams().entrySet()) {
            checkParam(name, definition, param.getKey(), param.getValue());
        }
    }

    private void checkParam(final String name, final RuleDefinition definition, final String param, final long value) {
        final String what = "rule " + definition.ruleId() + " param " + param;
        if (!definition.params().containsKey(param)) {
            throw new InvalidRecordException("UNKNOWN_PARAM", "ruleset " + name + " sets " + what
                    + ", which the rule does not take; it takes " + paramNames(definition));
        }
        final long least = RuleParams.isCountOrSpan(param) ? 1 : 0;
        if (value < least) {
            // A count of 0 fires on every payment and a span of 0 never: neither is a tuning.
            throw invalid(name, "sets " + what + " to " + value + "; it must be at least " + least);
        }
        if (RuleParams.isWindow(param) && value > maxWindow.toMillis()) {
            throw invalid(name, "sets " + what + " to " + value + " ms (" + Durations.roughly(Duration.ofMillis(value))
                    + "), longer than the " + maxWindow.toMillis() + " ms (" + Durations.exact(maxWindow)
                    + ") payments are remembered");
        }
    }

    private static void checkThresholds(final String name, final RuleSet ruleSet) {
        final int review = ruleSet.getReviewScore();
        final int stepUp = ruleSet.getStepUpScore();
        final int hold = ruleSet.getHoldScore();
        final int stop = ruleSet.getStopScore();
        if (review < 1 || review > stepUp || stepUp > hold || hold > stop) {
            throw invalid(name, "has score thresholds reviewScore " + review + ", stepUpScore " + stepUp
                    + ", holdScore " + hold + ", stopScore " + stop
                    + "; they must satisfy 1 <= review <= stepUp <= hold <= stop");
        }
    }

    private static String paramNames(final RuleDefinition definition) {
        return definition.params().isEmpty() ? "none" : String.join(", ", new TreeSet<>(definition.params().keySet()));
    }

    private static InvalidRecordException invalid(final String name, final String problem) {
        return new InvalidRecordException("INVALID_RULESET", "ruleset " + name + " " + problem);
    }

    private static boolean isBlank(final String text) {
        return text == null || text.isBlank();
    }
}
