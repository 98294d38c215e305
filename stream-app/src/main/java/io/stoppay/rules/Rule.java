package io.stoppay.rules;

import java.util.List;
import stoppay.v1.RuleHit;

/** One rule: what it saw in a payment's facts, as zero or more hits with evidence. */
public interface Rule {

    /**
     * Where a rule runs. A payment is decided in two steps: first in its payer's task, which
     * knows the payer's history, then in its payee's task, which knows the payee's.
     */
    enum Stage { PAYER, PAYEE }

    /** The id every hit of this rule carries, e.g. {@code PAYEE_RESTRICTED}. */
    String id();

    List<RuleHit> evaluate(PaymentFacts facts);

    /** Payer-stage by default: everything but the payee's own history is known there. */
    default Stage stage() {
        return Stage.PAYER;
    }
}
