package io.stoppay.rules;

import java.util.List;
import stoppay.v1.RuleHit;

/**
 * One configured rule: what it saw in a payment's facts, as zero or more hits with evidence.
 * Each hit carries the rule's id, action and weight from its {@link HitTemplate}.
 */
@FunctionalInterface
public interface Rule {

    /**
     * Where a rule runs. A payment is decided in two steps: first in its payer's task, which
     * knows the payer's history, then in its payee's task, which knows the payee's. The
     * {@link RuleCatalogue} says which stage each rule needs.
     */
    enum Stage { PAYER, PAYEE }

    List<RuleHit> evaluate(PaymentFacts facts);

    /**
     * True when inflows of the payer not recorded yet (still on their way from another task, or
     * published late) could make this rule hit the payment: such a payment waits in the payer
     * stage until the watermarks say they are in (design note 12). Most rules read only the
     * payer's own outflows, profiles and lists, which are in order already, and never make a
     * payment wait.
     */
    default boolean awaitsPayerInflows(final PaymentFacts facts) {
        return false;
    }
}
