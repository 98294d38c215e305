package io.stoppay.topology;

import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.holder;
import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;

import io.stoppay.config.StopPayConfig;
import io.stoppay.statistics.StatisticsBatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.ListType;
import stoppay.v1.MinuteCount;
import stoppay.v1.RegionDailyStatistics;
import stoppay.v1.RiskDecision;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * Statistics per region and Beijing day: decisions on the day of their event time in the payer's
 * region, alerts, warnings and their outcomes on the day the alert or warning was issued, batched per
 * task, added up per region-day and published on the compacted statistics topic.
 */
class StatisticsTopologyTest {

    private static final String REGION = "320623";
    /** {@link Payments#T0} is 10:00 in Beijing on this day. */
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";

    private InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    /** A Class II payer's payment to a listed fraud account: stopped, with an alert and a FRAUD_ACCOUNT_ACTIVITY warning. */
    private void fraudPayment(final String txnId, final long amountMinor, final String currency) {
        stopPay.account(account(PAYER, AccountClass.CLASS_II).build())
                .list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build())
                .pay(payment(txnId, PAYER, PAYEE, amountMinor).setCurrency(currency).build());
    }

    /** Lets the batches of every task go on to their region-day's task. */
    private void flush() {
        stopPay.advanceWallClock(StatisticsBatcher.FLUSH_INTERVAL);
    }

    private RegionDailyStatistics statistics(final String region, final LocalDate day) {
        return stopPay.statisticsOf(region, day);
    }

    /** The bank's outcome of the alert of {@code txnId}, sent when it acted. */
    private void alertOutcome(final String txnId, final StopPaymentOutcomeKind kind, final Instant actedAt) {
        stopPay.alertOutcome(StopPaymentOutcome.newBuilder().setAlertId(Publications.alertId(txnId)).setTxnId(txnId)
                .setBankCode("bank-0102").setOutcome(kind).setActedAt(actedAt).setOperator("op-0042").setNote(null)
                .build(), actedAt);
    }

    /** The centre's outcome of the FRAUD_ACCOUNT_ACTIVITY warning of {@code txnId}, sent when it acted. */
    private void warningOutcome(final String txnId, final WarningOutcomeKind kind, final Instant actedAt) {
        stopPay.warningOutcome(WarningOutcome.newBuilder()
                .setWarningId(Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, txnId))
                .setTxnId(txnId).setRegionCode(REGION).setOutcome(kind).setActedAt(actedAt).setOfficer("officer-7")
                .setNote(null).build(), actedAt);
    }

    @Test
    void shouldCountEveryDecisionByActionAndTheAmountHeldOrStoppedPerCurrency() {
        fraudPayment("T1", 6_000_000, "CNY");
        stopPay.pay(payment("T2", holder(1), holder(2), 10_000).build());
        fraudPayment("T3", 5_000, "USD");
        final List<RiskDecision> decisions = stopPay.decisions().stream().map(kv -> kv.value).toList();
        final Map<String, Long> byAction = new HashMap<>();
        decisions.forEach(decision -> byAction.merge(decision.getAction().name(), 1L, Long::sum));

        flush();

        final RegionDailyStatistics day = statistics(REGION, DAY);
        assertThat(day.getDecided()).isEqualTo(3);
        assertThat(day.getDecisionsByAction()).isEqualTo(byAction);
        assertThat(decisions.get(0).getAction()).isIn(Action.HOLD, Action.STOP_PAYMENT);
        assertThat(decisions.get(1).getAction()).isNotIn(Action.HOLD, Action.STOP_PAYMENT);
        assertThat(day.getInterceptedMinor()).isEqualTo(Map.of("CNY", 6_000_000L, "USD", 5_000L));
        assertThat(day.getAlerts()).isEqualTo(2);
        assertThat(day.getWarningsByKind()).isEqualTo(Map.of(WarningKind.FRAUD_ACCOUNT_ACTIVITY.name(), 2L));
        assertThat(day.getMedianWarningToOutcomeMinutes()).isNull();
    }

    @Test
    void shouldBatchATasksDecisionsIntoOneRecordPerRegionDayAndFlush() {
        stopPay.pay(payment("T1", holder(1), holder(2), 10_000).build())
                .pay(payment("T2", holder(3), holder(4), 10_000).build());
        assertThat(stopPay.statistics()).as("nothing before the flush").isEmpty();

        flush();

        assertThat(stopPay.statistics()).singleElement().satisfies(total -> {
            assertThat(total.key).isEqualTo("320623|2026-11-23");
            assertThat(total.value.getDecided()).isEqualTo(2);
        });
        flush();
        assertThat(stopPay.statistics()).as("a flush with nothing new sends nothing").isEmpty();
    }

    @Test
    void shouldCountAPaymentOnTheBeijingDayOfItsEventTime() {
        stopPay.pay(payment("T1", holder(1), holder(2), 10_000).setEventTime(Instant.parse("2026-11-23T15:59:59.999Z")).build())
                .pay(payment("T2", holder(3), holder(4), 10_000).setEventTime(Instant.parse("2026-11-23T16:00:00Z")).build());

        flush();

        assertThat(statistics(REGION, DAY).getDecided()).isEqualTo(1);
        assertThat(statistics(REGION, DAY.plusDays(1)).getDecided()).isEqualTo(1);
    }

    @Test
    void shouldCountAPaymentWithoutRegionInItsPayersRegionElseInTheUnroutedOne() {
        stopPay.account(account(holder(1), AccountClass.CLASS_I).setRegionCode("110101").build())
                .pay(payment("T1", holder(1), holder(2), 10_000).setRegionCode(null).build())
                .pay(payment("T2", holder(3), holder(4), 10_000).setRegionCode(null).build())
                .pay(payment("T3", holder(5), holder(6), 10_000).setRegionCode("32062").build());

        flush();

        assertThat(statistics("110101", DAY).getDecided()).isEqualTo(1);
        assertThat(statistics("000000", DAY).getDecided()).as("no region, or not a 6-digit code").isEqualTo(2);
        assertThat(statistics(REGION, DAY)).isNull();
    }

    @Test
    void shouldCountOutcomesByKindDissuasionsLossesAndTheMedianDelays() {
        final Instant issued = Payments.T0;
        fraudPayment("T1", 6_000_000, "CNY");
        fraudPayment("T2", 6_000_000, "CNY");
        fraudPayment("T3", 6_000_000, "CNY");
        assertThat(stopPay.alerts()).extracting(alert -> alert.value.getIssuedAt()).containsOnly(issued);

        warningOutcome("T1", WarningOutcomeKind.DISSUADED, issued.plus(Duration.ofMinutes(20)));
        warningOutcome("T2", WarningOutcomeKind.LOSS_ALREADY_OCCURRED, issued.plus(Duration.ofSeconds(50 * 60 + 59)));
        warningOutcome("T3", WarningOutcomeKind.NOT_REACHED, issued.plus(Duration.ofMinutes(90)));
        alertOutcome("T1", StopPaymentOutcomeKind.STOPPED, issued.plus(Duration.ofMinutes(5)));
        alertOutcome("T2", StopPaymentOutcomeKind.CONFIRMED_FRAUD, issued.plus(Duration.ofMinutes(7)));
        flush();

        final RegionDailyStatistics day = statistics(REGION, DAY);
        assertThat(day.getWarningOutcomes()).isEqualTo(Map.of("DISSUADED", 1L, "LOSS_ALREADY_OCCURRED", 1L, "NOT_REACHED", 1L));
        assertThat(day.getAlertOutcomes()).isEqualTo(Map.of("STOPPED", 1L, "CONFIRMED_FRAUD", 1L));
        assertThat(day.getWarningToOutcomeMinutes()).extracting(MinuteCount::getMinutes).containsExactly(20, 50, 90);
        assertThat(day.getMedianWarningToOutcomeMinutes()).isEqualTo(50);
        assertThat(day.getMedianAlertToActionMinutes()).as("the lower median of 5 and 7").isEqualTo(5);
    }

    @Test
    void shouldCountAnOutcomeThatComesDaysLaterOnTheDayOfItsWarning() {
        fraudPayment("T1", 6_000_000, "CNY");
        flush();
        final Instant threeDaysLater = Payments.T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(17));
        stopPay.advanceWallClock(Duration.ofDays(3));

        warningOutcome("T1", WarningOutcomeKind.DISSUADED, threeDaysLater);
        flush();

        final RegionDailyStatistics day = statistics(REGION, DAY);
        assertThat(day.getDecided()).isEqualTo(1);
        assertThat(day.getWarningOutcomes()).isEqualTo(Map.of("DISSUADED", 1L));
        assertThat(day.getMedianWarningToOutcomeMinutes()).as("past a day, kept to the hour").isEqualTo(3 * 24 * 60);
        assertThat(statistics(REGION, DAY.plusDays(3))).isNull();
    }

    @Test
    void shouldShowTodaysFiguresOfARegionInTheGaugeUntilTheDayIsOver() {
        fraudPayment("T1", 6_000_000, "CNY");
        stopPay.pay(payment("T2", holder(1), holder(2), 10_000).build());
        flush();

        assertThat(today("decided")).isEqualTo(2);
        assertThat(today("alerts")).isEqualTo(1);
        assertThat(today("warnings")).isEqualTo(1);
        assertThat(today("held") + today("stopped")).isEqualTo(1);

        stopPay.advanceWallClock(Duration.ofDays(1));

        assertThat(today("decided")).as("the next day").isZero();
    }

    private double today(final String measure) {
        return stopPay.metrics.registry().get("stoppay.statistics.today").tag("region", REGION).tag("measure", measure)
                .gauge().value();
    }

    @Test
    void shouldForgetDaysPastTheRetentionAndDropWhatComesForThem() {
        stopPay.close();
        stopPay = new InterceptionDriver(Map.of(StopPayConfig.STATISTICS_RETENTION_DAYS, "1",
                StopPayConfig.OUTCOME_OVERDUE_MS, String.valueOf(Duration.ofHours(1).toMillis()),
                StopPayConfig.OUTCOME_WARNING_OVERDUE_MS, String.valueOf(Duration.ofMinutes(30).toMillis()),
                StopPayConfig.OUTCOME_RETENTION_MS, String.valueOf(Duration.ofHours(3).toMillis())));
        stopPay.pay(payment("T1", holder(1), holder(2), 10_000).build());
        flush();
        assertThat(stopPay.statistics()).hasSize(1);

        stopPay.advanceWallClock(Duration.ofDays(2));

        assertThat(stopPay.statistics()).containsExactly(KeyValue.pair("320623|2026-11-23", null));
        assertThat(statistics(REGION, DAY)).isNull();

        stopPay.pay(payment("T2", holder(3), holder(4), 10_000).build());
        flush();
        assertThat(stopPay.statistics()).as("a payment of a forgotten day").isEmpty();
        assertThat(stopPay.metrics.registry().get("stoppay.statistics.dropped").counter().count()).isEqualTo(1);
    }
}
