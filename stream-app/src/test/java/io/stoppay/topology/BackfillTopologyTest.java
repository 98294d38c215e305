package io.stoppay.topology;

import static io.stoppay.topology.Payments.MULE;
import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.Action;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;

/**
 * Past payments loaded by {@code stoppay backfill} (the payment history topic) become behaviour
 * state, as if StopPay had seen them live, and are never decided, alerted on or reported.
 */
class BackfillTopologyTest {

    private static final Instant TWENTY_DAYS_AGO = Payments.T0.minus(Duration.ofDays(20));

    private final InterceptionDriver stopPay = new InterceptionDriver();
    private final MeterRegistry registry = stopPay.metrics.registry();

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldNeverDecideAlertOrWarnOnAPastPayment() {
        // A mule's fan-in, in the past: live it would have held the fifth payment and warned the police.
        for (int i = 1; i <= 6; i++) {
            stopPay.backfill(payment("PAST-" + i, holder(i), MULE, 500_000)
                    .setEventTime(Payments.T0.minus(Duration.ofMinutes(40 - i))).build());
        }

        assertThat(stopPay.decisions()).isEmpty();
        assertThat(stopPay.alerts()).isEmpty();
        assertThat(stopPay.warnings()).isEmpty();
        assertThat(stopPay.activityOf(MULE).inflowsSince(Payments.T0.minus(Duration.ofHours(1)))).hasSize(6);
        assertThat(backfilled("recorded")).isEqualTo(6);
    }

    /** The first day without history reviews a third new payee; with the payees paid last month it is a Tuesday. */
    @Test
    void shouldKnowThePayeesOfThePastAndNotCountThemAsNew() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I).setHolderBirthYear(1986).build());
        for (int i = 0; i < 3; i++) {
            stopPay.backfill(payment("PAST-" + i, holder(1), holder(10 + i), 300_000)
                    .setEventTime(TWENTY_DAYS_AGO.plus(Duration.ofDays(i))).build());
        }
        for (int i = 0; i < 3; i++) {
            stopPay.pay(payment("T" + i, holder(1), holder(10 + i), 200_000)
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(5L * (i + 1)))).build());
        }

        // From an empty start the third is reviewed as a walk (BehaviourTopologyTest, a third new payee).
        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.value.getTxnId()).containsExactly("T0", "T1", "T2");
        assertThat(decisions).extracting(kv -> kv.value.getAction() + " " + kv.value.getHits()).containsOnly("PASS []");
        assertThat(stopPay.warnings()).isEmpty();
    }

    @Test
    void shouldStillTreatAPayeeNotInTheHistoryAsNew() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I).setHolderBirthYear(1986).build());
        stopPay.backfill(payment("PAST-1", holder(1), holder(10), 300_000).setEventTime(TWENTY_DAYS_AGO).build());
        final long[] amounts = {1_500_000, 2_000_000, 2_500_000};
        for (int i = 0; i < amounts.length; i++) {
            stopPay.pay(payment("T" + i, holder(1), "6217990000000000" + i, amounts[i])
                    .setEventTime(Payments.T0.plus(Duration.ofMinutes(5L * (i + 1)))).build());
        }

        assertThat(stopPay.decisions()).last().satisfies(kv -> {
            assertThat(kv.value.getAction()).isEqualTo(Action.HOLD);
            assertThat(kv.value.getHits()).extracting(RuleHit::getRuleId).contains("NEW_PAYEES_LARGE_SUM");
        });
    }

    /** A mule's inflows from before the start, then its forward live: a pass-through. */
    @Test
    void shouldHoldALiveForwardOfMoneyThatCameInBeforeTheStart() {
        final String relay = holder(100);
        stopPay.backfill(payment("PAST-IN", holder(1), relay, 2_000_000)
                .setEventTime(Payments.T0.minus(Duration.ofMinutes(4))).build());
        stopPay.pay(payment("OUT", relay, holder(2), 1_700_000).build());

        final RiskDecision forward = stopPay.onlyDecision();
        assertThat(forward.getAction()).isEqualTo(Action.HOLD);
        assertThat(forward.getHits()).extracting(RuleHit::getRuleId).contains("RAPID_PASS_THROUGH");
    }

    /** Pay from an employer that paid the account before is not a victim's money: sending it on passes. */
    @Test
    void shouldLetAPersonSendOnAPastSalaryFromAnEmployerThatPaidThemBefore() {
        final String employee = holder(100);
        stopPay.backfill(payment("PAST-PAY-1", holder(1), employee, 2_000_000)
                        .setEventTime(Payments.T0.minus(Duration.ofDays(30))).build())
                .backfill(payment("PAST-PAY-2", holder(1), employee, 2_000_000)
                        .setEventTime(Payments.T0.minus(Duration.ofMinutes(4))).build());
        stopPay.pay(payment("OUT", employee, holder(2), 1_700_000).build());

        assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId).doesNotContain("RAPID_PASS_THROUGH");
    }

    /** A backfill run twice, or over payments StopPay already decided, counts each payment once. */
    @Test
    void shouldRecordAPastPaymentOnceHoweverOftenItIsLoaded() {
        final PaymentTransaction past = payment("PAST-IN", holder(1), MULE, 2_000_000)
                .setEventTime(Payments.T0.minus(Duration.ofMinutes(30))).build();
        stopPay.pay(payment("LIVE-IN", holder(2), MULE, 100_000).setEventTime(Payments.T0.minus(Duration.ofMinutes(20))).build());
        stopPay.decisions();
        final PaymentTransaction decidedLive = payment("LIVE-IN", holder(2), MULE, 100_000)
                .setEventTime(Payments.T0.minus(Duration.ofMinutes(20))).build();

        stopPay.backfill(past).backfill(decidedLive).backfill(past);

        assertThat(stopPay.storedInflowTxnIds(MULE)).containsExactly("PAST-IN", "LIVE-IN");
        assertThat(backfilled("recorded")).isEqualTo(1);
        assertThat(backfilled("duplicate")).isEqualTo(2);
        assertThat(stopPay.decisions()).isEmpty();
    }

    /** Dormancy from the account's own past: active ten days ago is not dormant, whatever the profile says. */
    @Test
    void shouldTakeLastActivityFromThePast() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(200))).build());
        stopPay.backfill(payment("PAST-1", holder(1), holder(3), 20_000)
                .setEventTime(Payments.T0.minus(Duration.ofDays(10))).build());

        stopPay.pay(payment("T1", holder(1), holder(2), 600_000).build());

        assertThat(stopPay.onlyDecision().getHits()).extracting(RuleHit::getRuleId)
                .doesNotContain("DORMANT_PAYER_REACTIVATED");
    }

    /** Six payers on one phone last week is no farm today; six within the hour is. */
    @Test
    void shouldCountDeviceUsageOnlyFromPastPaymentsWithinTheUsageWindow() {
        for (int i = 1; i <= 6; i++) {
            stopPay.backfill(payment("WEEK-" + i, holder(i), holder(100 + i), 10_000).setDeviceId("dev-old")
                    .setEventTime(Payments.T0.minus(Duration.ofDays(3)).plusSeconds(60L * i)).build());
            stopPay.backfill(payment("HOUR-" + i, holder(10 + i), holder(100 + i), 10_000).setDeviceId("dev-new")
                    .setEventTime(Payments.T0.minus(Duration.ofHours(1)).plusSeconds(60L * i)).build());
        }

        stopPay.pay(payment("T1", holder(30), holder(130), 10_000).setDeviceId("dev-old").build());
        stopPay.pay(payment("T2", holder(31), holder(131), 10_000).setDeviceId("dev-new").build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isEqualTo(Action.PASS);
        assertThat(decisions.get(1).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(decisions.get(1).value.getHits()).extracting(RuleHit::getRuleId).containsExactly("SHARED_DEVICE");
    }

    /** A history with another txnId scheme must not silence a live decision: the live payment is judged. */
    @Test
    void shouldDecideALivePaymentWhoseTxnIdIsInTheHistory() {
        stopPay.backfill(payment("TX-0001", holder(1), holder(2), 10_000)
                .setEventTime(Payments.T0.minus(Duration.ofHours(3))).build());
        stopPay.list(Payments.listed(stoppay.v1.SubjectType.ACCOUNT, MULE, stoppay.v1.ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("TX-0001", holder(1), MULE, 5_000_000).build());

        assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.STOP_PAYMENT);
        assertThat(registry.find("stoppay.payments.redelivered").counter().count()).isZero();
    }

    /** History is as old as the bank keeps it; only what no payment can be goes to the dead-letter topic. */
    @Test
    void shouldAcceptOldPastPaymentsAndDeadLetterImpossibleOnes() {
        stopPay.backfill(payment("PAST-OLD", holder(1), holder(2), 20_000)
                .setEventTime(Payments.T0.minus(Duration.ofDays(400))).build());
        stopPay.backfill(payment("PAST-BAD", holder(1), holder(2), 0).setEventTime(TWENTY_DAYS_AGO).build());
        stopPay.backfill(payment("PAST-FUTURE", holder(1), holder(2), 20_000)
                .setEventTime(Instant.now().plus(Duration.ofDays(2))).build());

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("INVALID_AMOUNT", "FUTURE_EVENT_TIME");
        assertThat(backfilled("recorded")).isEqualTo(1);
        assertThat(stopPay.decisions()).isEmpty();
    }

    private double backfilled(final String outcome) {
        final var counter = registry.find("stoppay.backfill.payments").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
