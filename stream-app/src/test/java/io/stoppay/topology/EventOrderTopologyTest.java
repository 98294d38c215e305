package io.stoppay.topology;

import static io.stoppay.topology.Payments.MULE;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.config.StopPayConfig;
import io.stoppay.ordering.EventOrder;
import io.stoppay.ordering.OrderingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;

/**
 * Decisions on a backlog are the decisions the live stream would have made (design note 12): an
 * account's inflows with an earlier event time are recorded before its later outflow is judged,
 * whatever order the payments arrive in.
 */
class EventOrderTopologyTest {

    /** The defaults' tolerance is 1 s; a quiet partition claims the clock after half of it. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    /** How often the payer stage checks what it holds: half the default commit interval. */
    private static final Duration TICK = Duration.ofMillis(50);
    private static final long CNY_8_000 = 800_000;
    private static final long CNY_50_000 = 5_000_000;

    /** Ordering is off by default (design note 12); these tests are about it. */
    private static final Map<String, String> ORDERING = Map.of(StopPayConfig.ORDERING_ENABLED, "true");

    private InterceptionDriver stopPay = new InterceptionDriver(ORDERING);

    @AfterEach
    void close() {
        stopPay.close();
    }

    /**
     * A feeder reconnects after an outage and publishes 40 minutes of payments at once, the mule's
     * forward first and its seven inflows after it: the worst order. The forward must still be
     * judged on the inflows, as it would have been live.
     */
    @Test
    void shouldHoldAMulesForwardPublishedBeforeTheInflowsItPassesOn() {
        final Instant history = Payments.T0.minus(Duration.ofMinutes(40));
        final Instant published = Payments.T0;
        stopPay.pay(MULE, payment("FORWARD", MULE, holder(99), CNY_50_000)
                .setEventTime(history.plus(Duration.ofMinutes(24))).build(), published);
        for (int i = 1; i <= 7; i++) {
            stopPay.pay(holder(i), payment("IN" + i, holder(i), MULE, CNY_8_000)
                    .setEventTime(history.plus(Duration.ofMinutes(3L * i))).build(), published.plusMillis(i));
        }
        assertThat(stopPay.decisions()).as("nothing published late is judged before the burst is read").isEmpty();

        stopPay.letTimePass(QUIET, TICK);

        final List<KeyValue<String, RiskDecision>> decisions = stopPay.decisions();
        assertThat(decisions).extracting(kv -> kv.key)
                .containsExactly("IN1", "IN2", "IN3", "IN4", "IN5", "IN6", "IN7", "FORWARD");
        final RiskDecision forward = decisions.get(7).value;
        assertThat(forward.getAction()).isEqualTo(Action.HOLD);
        assertThat(forward.getHits()).extracting(RuleHit::getRuleId).contains("RAPID_PASS_THROUGH");
        assertThat(stopPay.metrics.registry().find("stoppay.ordering.held").counters())
                .anySatisfy(counter -> assertThat(counter.count()).isPositive());
    }

    /**
     * Off (the default), nothing waits: the same worst-order burst is judged as it arrives, the
     * forward first and on no inflows, which is the price design note 12 names.
     */
    @Test
    void shouldJudgeEveryPaymentAsItArrivesWithOrderingOff() {
        stopPay.close();
        stopPay = new InterceptionDriver();
        final Instant history = Payments.T0.minus(Duration.ofMinutes(40));
        stopPay.pay(MULE, payment("FORWARD", MULE, holder(99), CNY_50_000)
                .setEventTime(history.plus(Duration.ofMinutes(24))).build(), Payments.T0);
        stopPay.pay(holder(1), payment("IN1", holder(1), MULE, CNY_8_000)
                .setEventTime(history.plus(Duration.ofMinutes(3))).build(), Payments.T0.plusMillis(1));

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("FORWARD", "IN1");
        assertThat(stopPay.metrics.registry().find("stoppay.ordering.held").counters()).isEmpty();
    }

    /** The fan-in threshold is reached by the fifth payer in event time, not by the fifth to arrive. */
    @Test
    void shouldHoldTheFanInThresholdPaymentOfABurstPublishedInReverse() {
        final Instant history = Payments.T0.minus(Duration.ofHours(1));
        for (int i = 5; i >= 1; i--) {
            stopPay.pay(holder(i), payment("T" + i, holder(i), MULE, 100_000)
                    .setEventTime(history.plus(Duration.ofMinutes(7L * i))).build(), Payments.T0.plusMillis(6 - i));
        }
        stopPay.letTimePass(QUIET, TICK);

        assertThat(stopPay.decisions()).extracting(kv -> kv.key + "=" + kv.value.getAction())
                .containsExactly("T1=PASS", "T2=PASS", "T3=PASS", "T4=PASS", "T5=HOLD");
    }

    /** Payments published as they happen are judged as they come: ordering costs live traffic no wait. */
    @Test
    void shouldJudgeLivePaymentsAtOnce() {
        stopPay.pay(payment("LIVE1", holder(1), MULE, 100_000).build());
        stopPay.pay(payment("LIVE2", holder(2), MULE, 100_000).setEventTime(Payments.T0.plusSeconds(30)).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("LIVE1", "LIVE2");
    }

    /**
     * A quiet payer stage claims the clock and sends it to every partition on its own, so that the
     * other tasks' payments need not wait for it.
     */
    @Test
    void shouldSendAQuietPartitionsWatermarkToTheOtherTasks() {
        stopPay.letTimePass(QUIET, TICK);

        final EventOrder received = EventOrder.load(stopPay.driver.getKeyValueStore(EventOrder.STORE), 1);
        final long now = Payments.T0.plus(QUIET).toEpochMilli();
        final int anotherTask = 1;
        assertThat(received.upstreamsReady(now, now, anotherTask, OrderingSettings.from(StopPayConfig.of(Map.of()),
                Map.of()))).as("partition 0's watermark reached the task").isTrue();
    }

    /**
     * A payer stage that never reports (its task down) holds everyone's payments back, but for no
     * longer than the longest hold; then they are judged on what is known, and counted.
     */
    @Test
    void shouldJudgeAPaymentAfterTheLongestHoldWhenAPartitionNeverReports() {
        stopPay.close();
        stopPay = new InterceptionDriver(ORDERING, Map.of(OrderingSettings.UPSTREAMS_PROPERTY, "2"));
        stopPay.pay(payment("WAITS", MULE, holder(1), CNY_50_000).build());
        assertThat(stopPay.decisions()).isEmpty();

        stopPay.letTimePass(Duration.ofSeconds(11), TICK);

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("WAITS");
        assertThat(stopPay.metrics.registry().get("stoppay.ordering.forced").tag("stage", "payer").counter().count())
                .isEqualTo(1.0);
    }

    /**
     * The payer stage holds only a payment that inflows of its payer still on their way could make
     * a pass-through (the default rule needs CNY 8,000 sent on within 30 minutes), and the payer's
     * payments after it; the payee stage holds every inflow until the watermarks pass it.
     */
    @Test
    void shouldHoldInThePayerStageOnlyWhatInflowsOnTheirWayCouldMakeAPassThrough() {
        stopPay.close();
        stopPay = new InterceptionDriver(ORDERING, Map.of(OrderingSettings.UPSTREAMS_PROPERTY, "2"));
        stopPay.pay(payment("SMALL", holder(1), holder(9), CNY_8_000 - 1).build());
        stopPay.pay(payment("LARGE", holder(2), holder(9), CNY_8_000).build());
        stopPay.pay(payment("AFTER-LARGE", holder(2), holder(8), 100).setEventTime(Payments.T0.plusMillis(1)).build());

        assertThat(stopPay.decisions()).as("partition 1 has not reported: nothing is judged yet").isEmpty();
        assertThat(held("payer")).as("LARGE, and AFTER-LARGE behind it").isEqualTo(2.0);
        assertThat(held("payee")).as("SMALL, waiting in its payee's task").isEqualTo(1.0);
    }

    private double held(final String stage) {
        return stopPay.metrics.registry().get("stoppay.ordering.held").tag("stage", stage).counter().count();
    }
}
