package io.stoppay.access;

/**
 * Which accounts a reader of subjects may look up, and which identifiers in an answer it sees whole
 * (design note 23).
 *
 * <p><b>Reading an account.</b> An admin reads every account. An analyst reads the accounts of its
 * banks: the bank of the account's own side on its newest payment. An officer reads the accounts of
 * its regions: the account's profile region, else the region of its newest outgoing payment. A
 * principal with both roles reads what either covers. An account whose bank (or region) StopPay does
 * not know is read only with {@value Principal#ALL} among the banks (or regions): a scoped reader
 * cannot tell it from an account of another bank, nor from one that exists nowhere, so all three get
 * the same refusal ({@link #OUTSIDE}).
 *
 * <p><b>Masking.</b> An identifier is whole only for a principal with {@code fullIdentifiers}. An
 * analyst without the officer or admin role sees only the queried account's own bank side: a
 * counterparty account is whole only when it is known to be at one of its banks, and the subjects of a
 * listing's path only when they are the queried subject itself (StopPay does not know their banks).
 */
public final class SubjectScope {

    /** The refusal of an account outside the caller's scope, the same for any account. */
    public static final String OUTSIDE = "account: outside your banks and regions";

    private SubjectScope() {
    }

    /**
     * Whether {@code caller} may read an account of {@code bank} in {@code region}; either null
     * when unknown.
     */
    public static boolean mayReadAccount(final Principal caller, final String bank, final String region) {
        return caller.has(Role.ADMIN)
                || caller.has(Role.ANALYST) && (bank == null ? caller.banks().contains(Principal.ALL) : caller.seesBank(bank))
                || caller.has(Role.OFFICER)
                        && (region == null ? caller.regions().contains(Principal.ALL) : caller.seesRegion(region));
    }

    /** Whether a counterparty account at {@code bank} (null when unknown) is shown whole to {@code caller}. */
    public static boolean showsCounterparty(final Principal caller, final String bank) {
        return caller.fullIdentifiers() && (!bankSideOnly(caller) || bank != null && caller.seesBank(bank));
    }

    /**
     * Whether a subject an answer names beside its counterparties (a listed subject, a hop of a
     * listing's path) is shown whole to {@code caller}; {@code queried}: it is the subject asked about.
     */
    public static boolean showsNamed(final Principal caller, final boolean queried) {
        return caller.fullIdentifiers() && (queried || !bankSideOnly(caller));
    }

    /** An analyst's reading: not widened by the officer's or the admin's role. */
    private static boolean bankSideOnly(final Principal caller) {
        return caller.has(Role.ANALYST) && !caller.has(Role.OFFICER) && !caller.has(Role.ADMIN);
    }
}
