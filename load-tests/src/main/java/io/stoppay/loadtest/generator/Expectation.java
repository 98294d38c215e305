package io.stoppay.loadtest.generator;

import stoppay.v1.Action;

/**
 * What the built-in ruleset must decide for a labelled payment. "Intercepted" means HOLD or
 * STOP_PAYMENT: the money does not move.
 */
public enum Expectation {

    /** Must be intercepted: a listed or linked payee, an elder-fraud collection account's third victim on. */
    INTERCEPT,
    /**
     * Part of an episode whose rule counts up to a threshold (fan-in, pass-through, shared
     * device): the payments from the threshold position on must be intercepted; those before it
     * are fraud too but nothing can tell them from ordinary payments yet.
     */
    INTERCEPT_FROM_THRESHOLD,
    /**
     * Must be STEP_UP_VERIFY or stronger: the built-in rule for the pattern asks for face
     * verification rather than holding the money (a dormant account reactivated, the first two
     * elderly victims of a collection account, which nothing yet tells from grandparents' gifts).
     */
    STEP_UP_OR_STRONGER,
    /**
     * Ordinary: the money must move. HOLD or STOP_PAYMENT is a false positive; REVIEW and
     * STEP_UP_VERIFY let it move (a grandparent's gift is verified, a payroll run approved).
     */
    PASS;

    /** True for HOLD and STOP_PAYMENT. */
    public static boolean intercepts(final Action action) {
        return action.compareTo(Action.HOLD) >= 0;
    }
}
