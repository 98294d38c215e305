package io.stoppay.topology;

import java.time.Instant;
import stoppay.v1.AccountProfile;
import stoppay.v1.AccountClass;
import stoppay.v1.Channel;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/** Test data builders with sensible defaults, so a test states only what matters to it. */
final class Payments {

    static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    /** A collection account many victims pay into. */
    static final String MULE = "6217000055556666777";

    private Payments() {
    }

    static PaymentTransaction.Builder payment(final String txnId, final String payer, final String payee,
                                              final long amountMinor) {
        return PaymentTransaction.newBuilder()
                .setTxnId(txnId)
                .setEventTime(T0)
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(party(payer))
                .setPayee(party(payee))
                .setAmountMinor(amountMinor)
                .setCurrency("CNY")
                .setRegionCode("320623");
    }

    /** The account number of the i-th ordinary holder. */
    static String holder(final int i) {
        return String.format("62220202000000%05d", i);
    }

    static Party party(final String accountId) {
        return Party.newBuilder().setAccountId(accountId).build();
    }

    static Party.Builder partyWith(final String accountId) {
        return Party.newBuilder().setAccountId(accountId);
    }

    static RiskListEntry.Builder listed(final SubjectType type, final String id, final ListType listType) {
        return RiskListEntry.newBuilder()
                .setSubjectType(type)
                .setSubjectId(id)
                .setListType(listType)
                .setRiskLevel(3)
                .setSource("PSB-320600-antifraud-centre")
                .setCaseId("2026-JS-0042")
                .setListedAt(T0.minusSeconds(3600));
    }

    static Linkage link(final SubjectType aType, final String aId, final SubjectType bType, final String bId,
                        final LinkKind kind) {
        return Linkage.newBuilder()
                .setAType(aType).setAId(aId).setBType(bType).setBId(bId)
                .setKind(kind)
                .setSource("bank-internal")
                .setLinkedAt(T0.minusSeconds(7200))
                .build();
    }

    static AccountProfile.Builder account(final String accountId, final AccountClass accountClass) {
        return AccountProfile.newBuilder()
                .setAccountId(accountId)
                .setAccountClass(accountClass)
                .setOpenedAt(T0.minusSeconds(86_400L * 400))
                .setRegionCode("320623");
    }
}
