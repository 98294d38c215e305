package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import stoppay.internal.v1.Flow;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

class AccountPlaceTest {

    private static final String ACCOUNT = "6222020200000000001";
    private static final String OTHER = "6217000000000000009";
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    @Test
    void shouldPlaceAnAccountAtTheBankOfItsOwnSideOnItsNewestPaymentEitherWay() {
        // Given an outflow from bank 0102 and a newer inflow into it at bank 0105 (its bank changed)
        final Flow out = AccountHistory.outflow(payment("T1", ACCOUNT, "0102", OTHER, "0308", "320623", 0), false, false);
        final Flow in = AccountHistory.inflow(payment("T2", OTHER, "0308", ACCOUNT, "0105", "310101", 60), false, false);

        // When placed
        final AccountPlace place = AccountPlace.of(RecentActivity.of(List.of(in), List.of(out), T0), null);

        // Then the newest bank, and the region of its own outflow, not of the payer who paid it
        assertThat(place).isEqualTo(new AccountPlace("0105", "320623"));
        assertThat(in.getCounterpartyBank()).isEqualTo("0308");
        assertThat(out.getCounterpartyBank()).isEqualTo("0308");
    }

    @Test
    void shouldTakeTheRegionOfTheProfileBeforeThatOfThePayments() {
        final Flow out = AccountHistory.outflow(payment("T1", ACCOUNT, "0102", OTHER, "0308", "320623", 0), false, false);
        final AccountProfile profile = AccountProfile.newBuilder().setAccountId(ACCOUNT)
                .setAccountClass(AccountClass.CLASS_I).setOpenedAt(T0).setRegionCode("110101").build();

        assertThat(AccountPlace.of(RecentActivity.of(List.of(), List.of(out), T0), profile))
                .isEqualTo(new AccountPlace("0102", "110101"));
        assertThat(AccountPlace.of(null, profile)).isEqualTo(new AccountPlace(null, "110101"));
    }

    @Test
    void shouldPassOverPaymentsThatNamedNoBankOrRegion() {
        // Given a newer payment without bank or region, and one remembered before Flow v2
        final Flow older = AccountHistory.outflow(payment("T1", ACCOUNT, "0102", OTHER, "0308", "320623", 0), false, false);
        final Flow newer = AccountHistory.outflow(payment("T2", ACCOUNT, null, OTHER, null, null, 60), false, false);
        final Flow beforeV2 = new Flow("T0", T0.minusSeconds(60), OTHER, 100L, false, false, null, null, null);

        assertThat(AccountPlace.of(RecentActivity.of(List.of(), List.of(newer, older, beforeV2), T0), null))
                .isEqualTo(new AccountPlace("0102", "320623"));
    }

    @Test
    void shouldKnowNothingOfAnAccountWithoutPaymentsOrProfile() {
        assertThat(AccountPlace.of(null, null)).isEqualTo(AccountPlace.UNKNOWN);
        assertThat(AccountPlace.of(RecentActivity.none(), null)).isEqualTo(AccountPlace.UNKNOWN);
    }

    private static PaymentTransaction payment(final String txnId, final String payer, final String payerBank,
                                              final String payee, final String payeeBank, final String region,
                                              final long secondsAfterT0) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(T0.plusSeconds(secondsAfterT0))
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(Party.newBuilder().setAccountId(payer).setBankCode(payerBank).build())
                .setPayee(Party.newBuilder().setAccountId(payee).setBankCode(payeeBank).build())
                .setAmountMinor(100_00L).setCurrency("CNY").setRegionCode(region).build();
    }
}
