package io.stoppay.topology;

import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.ListType;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;
import stoppay.v1.SubjectType;

/**
 * Dormancy reads when an account's money last moved (design note 31): attempts that did not let
 * money go leave it where it was, and a payment is judged on the movements before it, in whatever
 * order payments arrive. Found by an attack on the first cut.
 */
class DormancyTopologyTest {

    private static final Instant LONG_AGO = Payments.T0.minus(Duration.ofDays(200));
    private static final String PAYER = holder(1);
    private static final String PAYEE = holder(9);

    private final InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    /** A dormant payer's small payment to a listed payee is stopped at the payer stage: no money moved. */
    @Test
    void shouldNotTakeAPaymentStoppedAtThePayerStageForMovedMoney() {
        dormant(PAYER);
        stopPay.list(Payments.listed(SubjectType.ACCOUNT, holder(50), ListType.FRAUD_ACCOUNT).build());

        stopPay.pay(payment("T1", PAYER, holder(50), 10_000).build());
        assertThat(stopPay.activityOf(PAYER).lastMovedMoneyAt()).isEmpty();
        stopPay.pay(payment("T2", PAYER, holder(60), 600_000).setEventTime(Payments.T0.plusSeconds(60)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isIn(Action.HOLD, Action.STOP_PAYMENT);
        assertThat(rules(decisions.get(1).value)).contains("DORMANT_PAYER_REACTIVATED");
    }

    /** Held for the payer's own daily limit, then a large payment at the counter: still a reactivation. */
    @Test
    void shouldNotTakeAPaymentHeldForTheDailyLimitForMovedMoney() {
        stopPay.account(account(PAYER, AccountClass.CLASS_I).setLastActiveAt(LONG_AGO)
                .setDailyNonCounterLimitMinor(100_000L).build());

        stopPay.pay(payment("T1", PAYER, holder(60), 200_000).build())
                .pay(payment("T2", PAYER, holder(61), 600_000).setChannel(Channel.COUNTER)
                        .setEventTime(Payments.T0.plusSeconds(60)).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isEqualTo(Action.HOLD);
        assertThat(rules(decisions.get(1).value)).contains("DORMANT_PAYER_REACTIVATED");
    }

    /** A later small payment that arrived first does not hide the earlier reactivation: live, it came first. */
    @Test
    void shouldJudgeAReactivationOnTheMovementsBeforeItWhenALaterPaymentArrivedFirst() {
        dormant(PAYER);

        assertThat(laterSmallArrivingFirst(PAYER, holder(2), PAYER, holder(3))).containsExactly("DORMANT_PAYER_REACTIVATED");
    }

    @Test
    void shouldJudgeAPayeesReactivationOnTheMovementsBeforeItWhenALaterInflowArrivedFirst() {
        dormant(PAYEE);

        assertThat(laterSmallArrivingFirst(holder(2), PAYEE, holder(3), PAYEE)).containsExactly("DORMANT_PAYEE_REACTIVATED");
    }

    /** A payment that asked the payer to verify did not surely reach the payee: it makes no dormant payee active. */
    @Test
    void shouldNotTakeAStepUpForThePayeesMovementOfMoney() {
        dormant(PAYER);
        stopPay.account(account(PAYEE, AccountClass.CLASS_I)
                .setLastActiveAt(Payments.T0.minus(Duration.ofDays(179))).build());

        stopPay.pay(payment("T1", PAYER, PAYEE, 600_000).build())
                .pay(payment("T2", holder(3), PAYEE, 600_000).setEventTime(Payments.T0.plus(Duration.ofDays(2))).build());

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(rules(decisions.get(0).value)).containsExactly("DORMANT_PAYER_REACTIVATED");
        assertThat(rules(decisions.get(1).value)).contains("DORMANT_PAYEE_REACTIVATED");
    }

    /** A payment too late for the windows (behind the grace) still moved money, and ends the dormancy. */
    @Test
    void shouldEndTheDormancyWithAPaymentTooLateForTheWindows() {
        dormant(PAYER);
        stopPay.pay(payment("T0", holder(7), holder(8), 10_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(10))).build());

        stopPay.pay(payment("T1", PAYER, holder(2), 20_000).build())
                .pay(payment("T2", PAYER, holder(3), 600_000).setEventTime(Payments.T0.plus(Duration.ofMinutes(11))).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.value.getAction())
                .containsExactly(Action.PASS, Action.PASS, Action.PASS);
        assertThat(stopPay.activityOf(PAYER).lastMovedMoneyAt()).contains(Payments.T0.plus(Duration.ofMinutes(11)));
    }

    /**
     * A small payment at T0+60 s arrives, then a large one made at T0+30 s; the small one passes.
     * Returns the rules that fired on the large one.
     */
    private List<String> laterSmallArrivingFirst(final String smallPayer, final String smallPayee,
                                                 final String largePayer, final String largePayee) {
        stopPay.pay(payment("T2", smallPayer, smallPayee, 20_000).setEventTime(Payments.T0.plusSeconds(60)).build())
                .pay(payment("T1", largePayer, largePayee, 600_000).setEventTime(Payments.T0.plusSeconds(30)).build());
        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions.get(0).value.getAction()).isEqualTo(Action.PASS);
        return rules(decisions.get(1).value);
    }

    private void dormant(final String account) {
        stopPay.account(account(account, AccountClass.CLASS_I).setLastActiveAt(LONG_AGO).build());
    }

    private static List<String> rules(final RiskDecision decision) {
        return decision.getHits().stream().map(RuleHit::getRuleId).toList();
    }
}
