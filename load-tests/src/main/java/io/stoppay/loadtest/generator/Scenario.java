package io.stoppay.loadtest.generator;

import java.util.Locale;

/**
 * What a generated payment is: ordinary traffic, or one of the fraud patterns the built-in
 * ruleset is meant to intercept. The name is the label written to the side file; {@link #key()}
 * is how a traffic mix names it.
 */
public enum Scenario {

    /** Salaries, bills, shopping and family transfers between stable counterparties. */
    ORDINARY(false),
    /** A victim pays an account on the FRAUD_ACCOUNT list. */
    LISTED_PAYEE(true),
    /** A victim pays an account whose card is linked one hop to a listed account. */
    LINKED_PAYEE_1_HOP(true),
    /** A victim pays an account whose phone is two hops from a listed account. */
    LINKED_PAYEE_2_HOPS(true),
    /** A payer of 60 or more sends a large sum to a payee they never paid (养老诈骗). */
    ELDERLY_LARGE_NEW_PAYEE(true),
    /** Distinct victims paying one collection account (跑分 fan-in). */
    MULE_FAN_IN(true),
    /** The collection account sending on most of what it received, within minutes (快进快出). */
    MULE_PASS_THROUGH(true),
    /** An account idle for years suddenly moving a large sum (长期不动户). */
    DORMANT_REACTIVATED(true),
    /** Many payer accounts driven from one device (人卡分离, card farming). */
    CARD_FARMING_DEVICE(true);

    private final boolean fraud;

    Scenario(final boolean fraud) {
        this.fraud = fraud;
    }

    public boolean fraud() {
        return fraud;
    }

    /** The lower-case name a mix uses, e.g. {@code mule_fan_in}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
