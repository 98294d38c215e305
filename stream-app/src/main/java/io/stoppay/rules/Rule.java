package io.stoppay.rules;

import java.util.List;
import stoppay.v1.RuleHit;

/** One rule: what it saw in a payment's facts, as zero or more hits with evidence. */
public interface Rule {

    /** The id every hit of this rule carries, e.g. {@code PAYEE_RESTRICTED}. */
    String id();

    List<RuleHit> evaluate(PaymentFacts facts);
}
