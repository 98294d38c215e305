package io.stoppay.loadtest.generator;

import java.util.Locale;

/**
 * What a generated payment is: ordinary traffic (with its everyday shapes, whose money must move),
 * or one of the fraud patterns the built-in ruleset is meant to intercept. The name is the label
 * written to the side file; {@link #key()} is how a traffic mix names it.
 */
public enum Scenario {

    /** Salaries, bills, shopping and family transfers between stable counterparties. */
    ORDINARY(Evidence.NONE),
    /** Everyday: a bill split (AA制) among two to four friends, 20–200 yuan each, often then the shop. */
    SPLIT_BILL(Evidence.NONE),
    /** Everyday: one to three red packets of lucky amounts (6.66 to 1,314 yuan) to family and friends. */
    RED_PACKET(Evidence.NONE),
    /** Everyday: the month's transfer to a parent or child, or the rent to a landlord. */
    FAMILY_AND_RENT(Evidence.NONE),
    /** Everyday: an established employer pays all its staff, seconds apart. */
    PAYROLL_RUN(Evidence.NONE),
    /** Everyday: a person of 60 or more sends a grandchild a first large gift (wedding, school fees). */
    GRANDPARENT_GIFT(Evidence.NONE),
    /** Everyday: a shop refunds a customer. */
    REFUND(Evidence.NONE),
    /** A victim pays an account on the FRAUD_ACCOUNT list. */
    LISTED_PAYEE(Evidence.LISTS),
    /** A victim pays an account whose card is linked one hop to a listed account. */
    LINKED_PAYEE_1_HOP(Evidence.LISTS),
    /** A victim pays an account whose phone is two hops from a listed account. */
    LINKED_PAYEE_2_HOPS(Evidence.LISTS),
    /**
     * A payer of 60 or more sends a large sum to a payee they never paid, a scheme's account opened
     * days ago (养老诈骗). The same payment to a grandchild is only verified: the young account is
     * the sign that holds it.
     */
    ELDERLY_LARGE_NEW_PAYEE(Evidence.PROFILE),
    /** Distinct victims paying one collection account (跑分 fan-in). */
    MULE_FAN_IN(Evidence.BEHAVIOUR),
    /** The collection account sending on most of what it received, within minutes (快进快出). */
    MULE_PASS_THROUGH(Evidence.BEHAVIOUR),
    /** An account idle for years suddenly moving a large sum (长期不动户). */
    DORMANT_REACTIVATED(Evidence.BEHAVIOUR),
    /** Many payer accounts driven from one device (人卡分离, card farming). */
    CARD_FARMING_DEVICE(Evidence.BEHAVIOUR),
    /**
     * A victim talked through "safe account" transfers: CNY 15,000, 20,000, 25,000 and 30,000 to
     * one new payee after another at other banks, minutes apart.
     */
    SCAM_WALK(Evidence.BEHAVIOUR);

    /** What StopPay must recognise a scenario's payments by. */
    public enum Evidence {
        /** Nothing: ordinary payments and their everyday shapes. */
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
