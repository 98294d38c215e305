package io.stoppay.rules;

import io.stoppay.behaviour.RecentActivity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import stoppay.v1.AccountProfile;
import stoppay.v1.PaymentTransaction;

/**
 * Everything the rules may look at for one payment, gathered before any rule runs.
 *
 * @param payerProfile null when the payer's account is not in {@code risk.accounts.v1}
 * @param payeeProfile null when the payee's account is not in {@code risk.accounts.v1}
 * @param payerNonCounterTodayMinor what the payer already paid today through non-counter
 *        channels, in the limit currency, this payment excluded
 * @param newPayee the payer has not paid this payee within the look-back
 * @param payerActivity the payer's recent payments both ways, this one excluded
 * @param payeeActivity the payee's recent payments both ways, this one excluded; empty in the
 *        payer's stage, which cannot see it
 */
public record PaymentFacts(
        PaymentTransaction txn,
        AccountProfile payerProfile,
        AccountProfile payeeProfile,
        List<SubjectCheck> payerSubjects,
        List<SubjectCheck> payeeSubjects,
        long payerNonCounterTodayMinor,
        boolean newPayee,
        RecentActivity payerActivity,
        RecentActivity payeeActivity) {

    public Instant eventTime() {
        return txn.getEventTime();
    }

    public Optional<AccountProfile> payer() {
        return Optional.ofNullable(payerProfile);
    }

    /** True when the payee's profile says it is a registered merchant's collection account. */
    public boolean payeeIsMerchant() {
        return payeeProfile != null && payeeProfile.getMerchant();
    }

    /**
     * True when this payment can be a step of a scam walk: to a new payee that is not a registered
     * merchant (a purchase is not a walk), from a natural person. A walk is done to a person: a
     * payer whose profile is a merchant's or names no holder birth year (a company, paying payroll,
     * suppliers or refunds) is not walked; a payer without a profile may be (design note 15).
     */
    public boolean mayBeWalkStep() {
        return newPayee && !payeeIsMerchant() && mayBeAPerson(payerProfile);
    }

    /**
     * True when this payment is a first payment from a payer that may be a person: the money a
     * victim sends a mule or a collection account. A company's payroll or a merchant's refund to
     * someone it never paid before is not such money (design note 19).
     */
    public boolean firstPaymentFromAPerson() {
        return newPayee && mayBeAPerson(payerProfile);
    }

    /**
     * False for an account whose profile is a registered merchant's or names no holder birth year
     * (a company); true otherwise, an account without a profile (another bank's) included.
     */
    public static boolean mayBeAPerson(final AccountProfile profile) {
        return profile == null || !profile.getMerchant() && profile.getHolderBirthYear() != null;
    }

    /** True when any payee identifier is restricted. */
    public boolean payeeRestricted() {
        for (final SubjectCheck subject : payeeSubjects) {
            if (subject.strongestRestriction() != null) {
                return true;
            }
        }
        return false;
    }
}
