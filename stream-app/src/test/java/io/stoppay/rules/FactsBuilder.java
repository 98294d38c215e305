package io.stoppay.rules;

import io.stoppay.behaviour.RecentActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.Restriction;
import stoppay.v1.SubjectType;

/** Builds the facts of one payment with sensible defaults, so a test states only what matters to it. */
final class FactsBuilder {

    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    static final String PAYER = "6222020200112233";
    static final String PAYEE = "6217000000002333";

    private final PaymentTransaction.Builder txn;
    private final List<SubjectCheck> payerSubjects = new ArrayList<>();
    private final List<SubjectCheck> payeeSubjects = new ArrayList<>();
    private AccountProfile payerProfile;
    private AccountProfile payeeProfile;
    private long nonCounterToday;
    private boolean newPayee;
    private RecentActivity payerActivity = RecentActivity.none();
    private RecentActivity payeeActivity = RecentActivity.none();

    private FactsBuilder(final long amountMinor) {
        this.txn = PaymentTransaction.newBuilder()
                .setTxnId("T1")
                .setEventTime(NOW)
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(Party.newBuilder().setAccountId(PAYER).build())
                .setPayee(Party.newBuilder().setAccountId(PAYEE).build())
                .setAmountMinor(amountMinor)
                .setCurrency("CNY");
    }

    /** A CNY mobile-banking payment of {@code amountMinor} from {@link #PAYER} to {@link #PAYEE} at {@link #NOW}. */
    static FactsBuilder payment(final long amountMinor) {
        return new FactsBuilder(amountMinor);
    }

    static AccountProfile.Builder account(final String accountId) {
        return AccountProfile.newBuilder()
                .setAccountId(accountId)
                .setAccountClass(AccountClass.CLASS_I)
                .setOpenedAt(NOW.minus(Duration.ofDays(400)));
    }

    FactsBuilder from(final String payer) {
        txn.setPayer(Party.newBuilder().setAccountId(payer).build());
        return this;
    }

    FactsBuilder currency(final String currency) {
        txn.setCurrency(currency);
        return this;
    }

    FactsBuilder channel(final Channel channel) {
        txn.setChannel(channel);
        return this;
    }

    FactsBuilder crossBorder() {
        txn.setCrossBorder(true);
        return this;
    }

    FactsBuilder payerProfile(final AccountProfile.Builder profile) {
        this.payerProfile = profile.build();
        return this;
    }

    FactsBuilder payeeProfile(final AccountProfile.Builder profile) {
        this.payeeProfile = profile.build();
        return this;
    }

    /** A payer identifier ("payer phone", "payer IP") reached by {@code restrictions}, strongest first. */
    FactsBuilder payerSubject(final String role, final SubjectType type, final String id,
                              final Restriction... restrictions) {
        payerSubjects.add(new SubjectCheck(role, type, id, List.of(restrictions)));
        return this;
    }

    FactsBuilder payeeSubject(final String role, final SubjectType type, final String id,
                              final Restriction... restrictions) {
        payeeSubjects.add(new SubjectCheck(role, type, id, List.of(restrictions)));
        return this;
    }

    /** A payer identifier that is a hub, listed itself by {@code restriction}. */
    FactsBuilder payerHub(final String role, final SubjectType type, final String id, final Restriction restriction) {
        payerSubjects.add(new SubjectCheck(role, type, id, List.of(restriction), 0, true));
        return this;
    }

    /** A payer ("payer") or payee ("payee") identifier that stands for {@code accounts} accounts. */
    FactsBuilder subjectUsedBy(final String role, final SubjectType type, final String id, final int accounts) {
        (role.startsWith("payer") ? payerSubjects : payeeSubjects).add(new SubjectCheck(role, type, id, List.of(), accounts, false));
        return this;
    }

    FactsBuilder nonCounterToday(final long minor) {
        this.nonCounterToday = minor;
        return this;
    }

    FactsBuilder toNewPayee() {
        this.newPayee = true;
        return this;
    }

    FactsBuilder payerActivity(final ActivityBuilder activity) {
        this.payerActivity = activity.view();
        return this;
    }

    FactsBuilder payeeActivity(final ActivityBuilder activity) {
        this.payeeActivity = activity.view();
        return this;
    }

    PaymentFacts build() {
        return new PaymentFacts(txn.build(), payerProfile, payeeProfile, List.copyOf(payerSubjects),
                List.copyOf(payeeSubjects), nonCounterToday, newPayee, payerActivity, payeeActivity);
    }
}
