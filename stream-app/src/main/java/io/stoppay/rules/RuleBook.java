package io.stoppay.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import stoppay.v1.Action;
import stoppay.v1.RuleHit;

/**
 * A versioned set of rules and how their hits combine: the decision takes the most severe
 * action of any hit (PASS &lt; REVIEW &lt; STEP_UP_VERIFY &lt; HOLD &lt; STOP_PAYMENT), and the
 * score is the sum of the hits' weights, capped at 100.
 */
public final class RuleBook {

    public static final String BUILT_IN_VERSION = "builtin-1";
    public static final String PAYER_PROTECTED = "PAYER_PROTECTED_LARGE";
    public static final String ELDERLY = "ELDERLY_LARGE_TO_NEW_PAYEE";

    private static final int MAX_SCORE = 100;

    private final String version;
    private final List<Rule> rules;

    public RuleBook(final String version, final List<Rule> rules) {
        this.version = version;
        this.rules = List.copyOf(rules);
    }

    /** The ruleset in force until one is published on {@code risk.rules.v1}. */
    public static RuleBook builtIn(final RuleSettings settings) {
        return new RuleBook(BUILT_IN_VERSION, List.of(
                RestrictedPartyRule.payee(),
                RestrictedPartyRule.payer(),
                new ProtectedPayerRule(settings),
                new ElderlyPayerRule(settings),
                new DailyLimitRule(settings),
                new LargeTransferRule(settings)));
    }

    public String version() {
        return version;
    }

    /** The hits of the rules that run in the payer's task. */
    public List<RuleHit> payerStageHits(final PaymentFacts facts) {
        return hitsOf(Rule.Stage.PAYER, facts);
    }

    /** Runs the payee-stage rules and combines every hit into the verdict. */
    public Verdict decide(final PaymentFacts facts, final List<RuleHit> payerStageHits) {
        final List<RuleHit> hits = new ArrayList<>(payerStageHits);
        hits.addAll(hitsOf(Rule.Stage.PAYEE, facts));
        final Action action = hits.stream().map(RuleHit::getAction).max(Comparator.naturalOrder()).orElse(Action.PASS);
        final int score = Math.min(MAX_SCORE, hits.stream().mapToInt(RuleHit::getWeight).sum());
        return new Verdict(action, score, hits, version);
    }

    private List<RuleHit> hitsOf(final Rule.Stage stage, final PaymentFacts facts) {
        return rules.stream().filter(rule -> rule.stage() == stage)
                .flatMap(rule -> rule.evaluate(facts).stream()).toList();
    }
}
