package io.stoppay.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The named thresholds of one configured rule: what the ruleset sets, and the rule's default
 * for what it leaves out. Read-only. Asking for a name the rule does not declare is a bug in
 * the rule, not in the ruleset ({@link RuleSetCheck} rejects undeclared names before), so it
 * fails loudly.
 */
public final class RuleParams {

    /** Every look-back over an account's recent payments; bounded by the behaviour retention. */
    public static final String WINDOW_MS = "window.ms";
    public static final String MIN_AMOUNT_MINOR = "min.amount.minor";
    public static final String MIN_INFLOW_MINOR = "min.inflow.minor";
    public static final String DORMANT_MS = "dormant.ms";

    private static final String DURATION_SUFFIX = ".ms";
    private static final Set<String> COUNTS = Set.of("min.count", "max.count", "min.distinct.payers",
            "min.distinct.payers.any.amount", "min.accounts");

    private final String ruleId;
    private final Map<String, Long> values;

    private RuleParams(final String ruleId, final Map<String, Long> values) {
        this.ruleId = ruleId;
        this.values = values;
    }

    /**
     * @param defaults every param the rule declares, with its default
     * @param configured what a ruleset sets; names not in {@code defaults} are ignored
     */
    public static RuleParams of(final String ruleId, final Map<String, Long> defaults,
                                final Map<String, Long> configured) {
        final Map<String, Long> values = new HashMap<>(defaults);
        configured.forEach((name, value) -> values.computeIfPresent(name, (known, defaultValue) -> value));
        return new RuleParams(ruleId, Map.copyOf(values));
    }

    public long longValue(final String name) {
        final Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("rule " + ruleId + " declares no param " + name);
        }
        return value;
    }

    /** A {@code *.ms} param as a duration. */
    public Duration duration(final String name) {
        if (!isDuration(name)) {
            throw new IllegalArgumentException("param " + name + " of rule " + ruleId + " is not a duration (*.ms)");
        }
        return Duration.ofMillis(longValue(name));
    }

    static boolean isDuration(final String name) {
        return name.endsWith(DURATION_SUFFIX);
    }

    static boolean isWindow(final String name) {
        return WINDOW_MS.equals(name);
    }

    /** Counts and spans of time, which must be at least 1: a count of 0 fires on everything, a span of 0 on nothing. */
    static boolean isCountOrSpan(final String name) {
        return name.endsWith(DURATION_SUFFIX) || COUNTS.contains(name);
    }
}
