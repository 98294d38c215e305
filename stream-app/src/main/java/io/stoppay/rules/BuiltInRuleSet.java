package io.stoppay.rules;

import java.time.Instant;
import java.util.TreeMap;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;

/**
 * The ruleset in force until one is published on {@code risk.rules.v1}: every rule of the
 * {@link RuleCatalogue}, enabled, with its default action, weight and params, and the schema's
 * default score thresholds. Being an ordinary ruleset, it is also the template to publish from.
 */
public final class BuiltInRuleSet {

    public static final String RULESET_ID = "default";
    public static final String VERSION = "builtin-4";

    private BuiltInRuleSet() {
    }

    /** A fresh copy each time, as Avro records are mutable; params in name order, so its encoding is stable. */
    public static RuleSet ruleSet() {
        return RuleSet.newBuilder()
                .setRulesetId(RULESET_ID)
                .setVersion(VERSION)
                // Never published: the epoch says so.
                .setPublishedAt(Instant.EPOCH)
                .setRules(RuleCatalogue.all().stream().map(BuiltInRuleSet::withDefaults).toList())
                .build();
    }

    private static RuleConfig withDefaults(final RuleDefinition definition) {
        return RuleConfig.newBuilder()
                .setRuleId(definition.ruleId())
                .setAction(definition.action())
                .setWeight(definition.weight())
                .setParams(new TreeMap<>(definition.params()))
                .build();
    }
}
