package io.stoppay.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import stoppay.v1.Action;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleHit;
import stoppay.v1.RuleSet;

/**
 * A ruleset made runnable: its enabled rules, built as it configures them, split by the stage
 * they run in, and how their hits combine. The score is the sum of the hits' weights, capped at
 * 100; the action is the most severe of every hit's own action and the action whose score
 * threshold the score reaches (PASS &lt; REVIEW &lt; STEP_UP_VERIFY &lt; HOLD &lt; STOP_PAYMENT).
 */
public final class RuleBook {

    private static final int MAX_SCORE = 100;

    private final String version;
    private final ScoreThresholds thresholds;
    private final List<Rule> payerStage;
    private final List<Rule> payeeStage;

    private RuleBook(final String version, final ScoreThresholds thresholds, final List<Rule> payerStage,
                     final List<Rule> payeeStage) {
        this.version = version;
        this.thresholds = thresholds;
        this.payerStage = List.copyOf(payerStage);
        this.payeeStage = List.copyOf(payeeStage);
    }

    /**
     * Builds a ruleset that passed {@link RuleSetCheck}; disabled rules are left out.
     *
     * @throws IllegalArgumentException when the ruleset names a rule the engine does not know
     */
    public static RuleBook from(final RuleSet ruleSet, final RuleSettings settings) {
        final List<Rule> payerStage = new ArrayList<>();
        final List<Rule> payeeStage = new ArrayList<>();
        for (final RuleConfig config : ruleSet.getRules()) {
            if (config.getEnabled()) {
                final RuleDefinition definition = definitionOf(config.getRuleId());
                final Rule rule = definition.factory().create(
                        new HitTemplate(config.getRuleId(), config.getAction(), config.getWeight()),
                        paramsFor(definition, ruleSet), settings);
                (definition.stage() == Rule.Stage.PAYER ? payerStage : payeeStage).add(rule);
            }
        }
        return new RuleBook(ruleSet.getVersion(), ScoreThresholds.of(ruleSet), payerStage, payeeStage);
    }

    /** The ruleset in force until one is published on {@code risk.rules.v1}: {@link BuiltInRuleSet}. */
    public static RuleBook builtIn(final RuleSettings settings) {
        return from(BuiltInRuleSet.ruleSet(), settings);
    }

    public String version() {
        return version;
    }

    /** The hits of the rules that run in the payer's task. */
    public List<RuleHit> payerStageHits(final PaymentFacts facts) {
        return withHitsOf(payerStage, facts, List.of());
    }

    /**
     * True when a payer-stage rule could hit this payment once inflows of the payer still on their
     * way are recorded ({@link Rule#awaitsPayerInflows}): only then does the payment wait for them.
     */
    public boolean awaitsPayerInflows(final PaymentFacts facts) {
        for (final Rule rule : payerStage) {
            if (rule.awaitsPayerInflows(facts)) {
                return true;
            }
        }
        return false;
    }

    /** Runs the payee-stage rules and combines their hits with the payer stage's into the verdict. */
    public Verdict decide(final PaymentFacts facts, final List<RuleHit> payerStageHits) {
        final List<RuleHit> hits = withHitsOf(payeeStage, facts, payerStageHits);
        int weights = 0;
        Action strongest = Action.PASS;
        for (final RuleHit hit : hits) {
            weights += hit.getWeight();
            strongest = moreSevere(strongest, hit.getAction());
        }
        final int score = Math.min(MAX_SCORE, weights);
        return new Verdict(moreSevere(strongest, thresholds.actionAt(score)), score, hits, version);
    }

    /**
     * {@code earlier} followed by the hits of {@code rules}, unmodifiable. Plain loops: this runs
     * for every payment, and most payments hit nothing, so no list is built for them.
     */
    private static List<RuleHit> withHitsOf(final List<Rule> rules, final PaymentFacts facts,
                                            final List<RuleHit> earlier) {
        List<RuleHit> hits = null;
        for (final Rule rule : rules) {
            final List<RuleHit> found = rule.evaluate(facts);
            if (!found.isEmpty()) {
                if (hits == null) {
                    hits = new ArrayList<>(earlier);
                }
                hits.addAll(found);
            }
        }
        return hits == null ? List.copyOf(earlier) : Collections.unmodifiableList(hits);
    }

    /** Actions are declared from least to most severe. */
    private static Action moreSevere(final Action one, final Action other) {
        return other.compareTo(one) > 0 ? other : one;
    }

    private static RuleDefinition definitionOf(final String ruleId) {
        return RuleCatalogue.find(ruleId).orElseThrow(() -> new IllegalArgumentException("unknown rule " + ruleId));
    }

    /** The params a rule reads: those configured for the rule it takes them from, over that rule's defaults. */
    private static RuleParams paramsFor(final RuleDefinition definition, final RuleSet ruleSet) {
        final RuleDefinition owner = definitionOf(definition.paramsOf());
        final Map<String, Long> configured = ruleSet.getRules().stream()
                .filter(config -> config.getRuleId().equals(owner.ruleId())).findFirst()
                .map(RuleConfig::getParams).orElse(Map.of());
        return RuleParams.of(owner.ruleId(), owner.params(), configured);
    }
}
