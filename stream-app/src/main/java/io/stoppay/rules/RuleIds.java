package io.stoppay.rules;

/**
 * The id of every rule StopPay knows. The ids are contract: rulesets on {@code risk.rules.v1}
 * name them, decisions and alerts carry them, the README documents them.
 */
public final class RuleIds {

    public static final String PAYEE_RESTRICTED = "PAYEE_RESTRICTED";
    public static final String PAYEE_LINKED = "PAYEE_LINKED";
    public static final String PAYER_RESTRICTED = "PAYER_RESTRICTED";
    public static final String PAYER_LINKED = "PAYER_LINKED";
    public static final String CHANNEL_RESTRICTED = "CHANNEL_RESTRICTED";
    public static final String PAYER_PROTECTED_LARGE = "PAYER_PROTECTED_LARGE";
    public static final String ELDERLY_LARGE_TO_NEW_PAYEE = "ELDERLY_LARGE_TO_NEW_PAYEE";
    public static final String DAILY_NON_COUNTER_LIMIT = "DAILY_NON_COUNTER_LIMIT";
    public static final String LARGE_TRANSFER = "LARGE_TRANSFER";
    public static final String PAYER_VELOCITY = "PAYER_VELOCITY";
    public static final String REPEATED_NEW_PAYEES = "REPEATED_NEW_PAYEES";
    public static final String NEW_PAYEE_YOUNG_ACCOUNT = "NEW_PAYEE_YOUNG_ACCOUNT";
    public static final String NEW_PAYEES_LARGE_SUM = "NEW_PAYEES_LARGE_SUM";
    public static final String RAPID_PASS_THROUGH = "RAPID_PASS_THROUGH";
    public static final String DORMANT_PAYER_REACTIVATED = "DORMANT_PAYER_REACTIVATED";
    public static final String CROSS_BORDER_LARGE = "CROSS_BORDER_LARGE";
    public static final String DIGITAL_RMB_LARGE = "DIGITAL_RMB_LARGE";
    public static final String PAYEE_FAN_IN = "PAYEE_FAN_IN";
    public static final String ELDERLY_TO_COLLECTION_ACCOUNT = "ELDERLY_TO_COLLECTION_ACCOUNT";
    public static final String NEW_ACCOUNT_LARGE_INFLOW = "NEW_ACCOUNT_LARGE_INFLOW";
    public static final String DORMANT_PAYEE_REACTIVATED = "DORMANT_PAYEE_REACTIVATED";
    public static final String ONE_PERSON_MANY_CARDS = "ONE_PERSON_MANY_CARDS";
    public static final String SHARED_DEVICE = "SHARED_DEVICE";
    public static final String SHARED_IP = "SHARED_IP";

    private RuleIds() {
    }
}
