package io.stoppay.loadtest.generator;

import java.util.Locale;

/**
 * What a generated payment is: ordinary traffic, or one of the fraud patterns the built-in
 * ruleset is meant to intercept. The name is the label written to the side file; {@link #key()}
 * is how a traffic mix names it.
 */
public enum Scenario {

    /** Salaries, bills, shopping and family transfers between stable counterparties. */
    ORDINARY(Evidence.NONE),
    /** A victim pays an account on the FRAUD_ACCOUNT list. */
    LISTED_PAYEE(Evidence.LISTS),
    /** A victim pays an account whose card is linked one hop to a listed account. */
    LINKED_PAYEE_1_HOP(Evidence.LISTS),
    /** A victim pays an account whose phone is two hops from a listed account. */
    LINKED_PAYEE_2_HOPS(Evidence.LISTS),
    /** A payer of 60 or more sends a large sum to a payee they never paid (养老诈骗). */
    ELDERLY_LARGE_NEW_PAYEE(Evidence.PROFILE),
    /** Distinct victims paying one collection account (跑分 fan-in). */
    MULE_FAN_IN(Evidence.BEHAVIOUR),
    /** The collection account sending on most of what it received, within minutes (快进快出). */
    MULE_PASS_THROUGH(Evidence.BEHAVIOUR),
    /** An account idle for years suddenly moving a large sum (长期不动户). */
    DORMANT_REACTIVATED(Evidence.BEHAVIOUR),
    /** Many payer accounts driven from one device (人卡分离, card farming). */
    CARD_FARMING_DEVICE(Evidence.BEHAVIOUR);

    /** What StopPay must recognise a scenario's payments by. */
    public enum Evidence {
        /** Nothing: ordinary payments. */
        NONE,
        /** Reference data: the payee, or an identifier one or two hops from it, is on a list. */
        LISTS,
        /** The payer's profile (age) and the payment itself, with whether the payee is new. */
        PROFILE,
        /**
         * Account behaviour that StopPay accumulates from earlier payments: inflows, outflows, last
         * activity, the payer accounts seen on a device. Under load it is what lags.
         */
        BEHAVIOUR
    }

    private final Evidence evidence;

    Scenario(final Evidence evidence) {
        this.evidence = evidence;
    }

    public boolean fraud() {
        return evidence != Evidence.NONE;
    }

    public Evidence evidence() {
        return evidence;
    }

    /** The lower-case name a mix uses, e.g. {@code mule_fan_in}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
