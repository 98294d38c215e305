package io.stoppay.rules;

import io.stoppay.behaviour.RecentActivity;
import java.util.List;
import java.util.function.Function;
import stoppay.v1.AccountProfile;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/** One side of a payment, so that a rule about "an account" is written once for payer and payee. */
enum Side {
    PAYER("payer", "sends", PaymentTransaction::getPayer, PaymentFacts::payerSubjects,
            PaymentFacts::payerProfile, PaymentFacts::payerActivity),
    PAYEE("payee", "receives", PaymentTransaction::getPayee, PaymentFacts::payeeSubjects,
            PaymentFacts::payeeProfile, PaymentFacts::payeeActivity);

    private final String label;
    private final String verb;
    private final Function<PaymentTransaction, Party> party;
    private final Function<PaymentFacts, List<SubjectCheck>> subjects;
    private final Function<PaymentFacts, AccountProfile> profile;
    private final Function<PaymentFacts, RecentActivity> activity;

    Side(final String label, final String verb, final Function<PaymentTransaction, Party> party,
         final Function<PaymentFacts, List<SubjectCheck>> subjects, final Function<PaymentFacts, AccountProfile> profile,
         final Function<PaymentFacts, RecentActivity> activity) {
        this.label = label;
        this.verb = verb;
        this.party = party;
        this.subjects = subjects;
        this.profile = profile;
        this.activity = activity;
    }

    /** "payer" or "payee", as evidence names the side. */
    String label() {
        return label;
    }

    /** What this side does with the money: "sends" or "receives". */
    String verb() {
        return verb;
    }

    String accountId(final PaymentFacts facts) {
        return party.apply(facts.txn()).getAccountId();
    }

    /**
     * Every identifier the side carries: who it is (account, card, phone, ID) and, for the payer,
     * where the payment was made from ({@link SubjectCheck#isChannelIdentifier() device, IP}).
     */
    List<SubjectCheck> subjects(final PaymentFacts facts) {
        return subjects.apply(facts);
    }

    /** The side's account profile, or null when the account is not in {@code risk.accounts.v1}. */
    AccountProfile profile(final PaymentFacts facts) {
        return profile.apply(facts);
    }

    RecentActivity activity(final PaymentFacts facts) {
        return activity.apply(facts);
    }
}
