package io.stoppay.rules;

/** Builds one rule as a ruleset configures it. */
@FunctionalInterface
public interface RuleFactory {

    Rule create(HitTemplate hits, RuleParams params, RuleSettings settings);
}
