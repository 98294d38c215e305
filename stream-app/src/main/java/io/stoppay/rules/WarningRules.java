package io.stoppay.rules;

import java.util.Set;

/**
 * Which rule hits make the topology warn the police, and about whom. A rule is listed here,
 * not in the topology, so that adding a victim or mule rule is one change in one package.
 */
public final class WarningRules {

    /** A hit of any of these makes a POTENTIAL_VICTIM warning about the payer (预警劝阻). */
    public static final Set<String> POTENTIAL_VICTIM = Set.of(
            RuleIds.PAYER_PROTECTED_LARGE, RuleIds.ELDERLY_LARGE_TO_NEW_PAYEE, RuleIds.REPEATED_NEW_PAYEES,
            RuleIds.NEW_PAYEES_LARGE_SUM, RuleIds.NEW_PAYEE_YOUNG_ACCOUNT);

    /** A hit of any of these makes a MULE_SUSPECT warning about the payee's account (跑分, 收款卡). */
    public static final Set<String> MULE_PAYEE = Set.of(
            RuleIds.PAYEE_FAN_IN, RuleIds.NEW_ACCOUNT_LARGE_INFLOW, RuleIds.ELDERLY_TO_COLLECTION_ACCOUNT);

    /** A hit of any of these makes a MULE_SUSPECT warning about the payer's account (快进快出). */
    public static final Set<String> MULE_PAYER = Set.of(RuleIds.RAPID_PASS_THROUGH);

    private WarningRules() {
    }
}
