package io.stoppay.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleHit;
import stoppay.v1.RuleSet;

/** Rulesets for tests, built from the catalogue's defaults, and what their rules hit. */
final class TestRuleSets {

    static final RuleSettings SETTINGS = new RuleSettings(Currency.getInstance("CNY"), ZoneId.of("Asia/Shanghai"));

    private TestRuleSets() {
    }

    /** The catalogue's configuration of {@code ruleId}, enabled, without params (all defaults). */
    static RuleConfig.Builder rule(final String ruleId) {
        final RuleDefinition definition = RuleCatalogue.find(ruleId).orElseThrow();
        return RuleConfig.newBuilder().setRuleId(ruleId).setAction(definition.action()).setWeight(definition.weight());
    }

    static RuleSet.Builder ruleSet(final RuleConfig.Builder... rules) {
        return RuleSet.newBuilder()
                .setRulesetId("default")
                .setVersion("test-1")
                .setPublishedAt(Instant.EPOCH)
                .setRules(List.of(rules).stream().map(RuleConfig.Builder::build).toList());
    }

    /** The hits, both stages, of a ruleset of {@code ruleId} alone with {@code params} over its defaults. */
    static List<RuleHit> hitsOf(final String ruleId, final Map<String, Long> params, final FactsBuilder facts) {
        return decide(ruleSet(rule(ruleId).setParams(params)).build(), facts).hits();
    }

    static List<RuleHit> hitsOf(final String ruleId, final FactsBuilder facts) {
        return hitsOf(ruleId, Map.of(), facts);
    }

    /** Whether a ruleset of {@code ruleId} alone, at its defaults, makes the payment wait for the payer's inflows. */
    static boolean awaitsPayerInflows(final String ruleId, final FactsBuilder facts) {
        return RuleBook.from(ruleSet(rule(ruleId)).build(), SETTINGS).awaitsPayerInflows(facts.build());
    }

    static Verdict decide(final RuleSet ruleSet, final FactsBuilder facts) {
        final RuleBook book = RuleBook.from(ruleSet, SETTINGS);
        final PaymentFacts built = facts.build();
        return book.decide(built, book.payerStageHits(built));
    }
}
