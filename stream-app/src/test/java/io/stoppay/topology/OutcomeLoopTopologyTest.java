package io.stoppay.topology;

import static io.stoppay.topology.Payments.account;
import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.ID_NUMBER;

import io.micrometer.core.instrument.MeterRegistry;
import io.stoppay.config.StopPayConfig;
import io.stoppay.outcome.IssuedNotices;
import io.stoppay.outcome.NewestNotices;
import io.stoppay.outcome.OutcomeLoopProcessor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import stoppay.internal.v1.NoticeKind;
import stoppay.internal.v1.OutcomeLoopEntry;
import stoppay.v1.AccountClass;
import stoppay.v1.Action;
import stoppay.v1.DeadLetter;
import stoppay.v1.LinkKind;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * The outcome loop: what banks and anti-fraud centres did about StopPay's alerts and warnings,
 * joined in any order of arrival, counted per rule, listed when the fraud is confirmed, and
 * watched for when nobody answers.
 */
class OutcomeLoopTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";
    private static final String BANK = "bank-0102";
    private static final Instant ACTED = Payments.T0.plus(Duration.ofMinutes(20));
    /** The built-in ruleset's hits of {@link #fraudPayment}. */
    private static final List<String> FRAUD_RULES = List.of("PAYEE_RESTRICTED", "DAILY_NON_COUNTER_LIMIT", "LARGE_TRANSFER");

    private InterceptionDriver stopPay = new InterceptionDriver(Map.of(
            StopPayConfig.OUTCOME_OVERDUE_MS, String.valueOf(Duration.ofHours(1).toMillis()),
            StopPayConfig.OUTCOME_WARNING_OVERDUE_MS, String.valueOf(Duration.ofMinutes(30).toMillis()),
            StopPayConfig.OUTCOME_RETENTION_MS, String.valueOf(Duration.ofHours(3).toMillis())));
    private final MeterRegistry registry = stopPay.metrics.registry();

    @AfterEach
    void close() {
        stopPay.close();
    }

    /** A Class II payer's CNY 60,000 to a listed fraud account: stopped, with an alert and a police warning. */
    private void fraudPayment(final String txnId) {
        stopPay.account(account(PAYER, AccountClass.CLASS_II).build())
                .list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build())
                .pay(payment(txnId, PAYER, PAYEE, 6_000_000).build());
    }

    private static StopPaymentOutcome alertOutcome(final String txnId, final StopPaymentOutcomeKind kind) {
        return StopPaymentOutcome.newBuilder().setAlertId(Publications.alertId(txnId)).setTxnId(txnId).setBankCode(BANK)
                .setOutcome(kind).setActedAt(ACTED).setOperator("op-0042").setNote("called the customer").build();
    }

    private static WarningOutcome warningOutcome(final String txnId, final WarningOutcomeKind kind) {
        return WarningOutcome.newBuilder().setWarningId(Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, txnId))
                .setTxnId(txnId).setRegionCode("320623").setOutcome(kind).setActedAt(ACTED).setOfficer("officer-7")
                .setNote(null).build();
    }

    private double count(final String name, final String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double overdue(final String kind) {
        return registry.get("stoppay.outcomes.overdue").tag("kind", kind).gauge().value();
    }

    private double ruleOutcomes(final String rule, final String outcome) {
        return count("stoppay.rule.outcomes", "rule", rule, "outcome", outcome);
    }

    @Nested
    class Join {

        @Test
        void shouldJoinAnOutcomeThatArrivesAfterItsAlert() {
            fraudPayment("T1");
            assertThat(stopPay.alerts()).singleElement().satisfies(alert ->
                    assertThat(alert.value.getAlertId()).isEqualTo(Publications.alertId("T1")));

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED);

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
            assertThat(FRAUD_RULES).allSatisfy(rule -> assertThat(ruleOutcomes(rule, "STOPPED")).as(rule).isEqualTo(1));
            final OutcomeLoopEntry entry = stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1")));
            assertThat(entry.getIssued().getTxnId()).isEqualTo("T1");
            assertThat(entry.getIssued().getPayeeAccountId()).isEqualTo(PAYEE);
            assertThat(entry.getIssued().getRuleIds()).containsExactlyElementsOf(FRAUD_RULES);
            assertThat(entry.getAlertOutcomes()).extracting(StopPaymentOutcome::getOutcome)
                    .containsExactly(StopPaymentOutcomeKind.STOPPED);
        }

        /** The console shows a bank's analysts their alerts by the payer's bank the payment named. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', nullValues = "NONE", value = {
                "' 0102 '|0102", "B-4|B-4", "NONE|NONE", "bank 0102|NONE", "'0102\u202e'|NONE"})
        void shouldKeepThePayersBankCodeOnTheIssuedAlert(final String named, final String kept) {
            stopPay.account(account(PAYER, AccountClass.CLASS_II).build())
                    .list(listed(ACCOUNT, PAYEE, ListType.FRAUD_ACCOUNT).build())
                    .pay(payment("T1", PAYER, PAYEE, 6_000_000)
                            .setPayer(Payments.partyWith(PAYER).setBankCode(named).build()).build());

            final OutcomeLoopEntry entry = stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1")));
            assertThat(entry.getIssued().getPayerBankCode()).as("kept of %s", named).isEqualTo(kept);
        }

        @Test
        void shouldKeepAnOutcomeThatArrivesBeforeItsAlertAndJoinItWhenTheAlertComes() {
            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED);

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isZero();
            final OutcomeLoopEntry waiting = stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1")));
            assertThat(waiting.getIssued()).isNull();
            assertThat(waiting.getAlertOutcomes()).hasSize(1);

            fraudPayment("T1");

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
            assertThat(FRAUD_RULES).allSatisfy(rule -> assertThat(ruleOutcomes(rule, "STOPPED")).as(rule).isEqualTo(1));
        }

        @Test
        void shouldCountAnOutcomeSentTwiceOnce() {
            fraudPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.RELEASED_AFTER_VERIFICATION), ACTED)
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.RELEASED_AFTER_VERIFICATION), ACTED);

            assertThat(FRAUD_RULES).allSatisfy(rule ->
                    assertThat(ruleOutcomes(rule, "RELEASED_AFTER_VERIFICATION")).as(rule).isEqualTo(1));
            assertThat(count("stoppay.outcomes.duplicate", "kind", "stop_payment_alert")).isEqualTo(1);
            assertThat(stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1"))).getAlertOutcomes()).hasSize(1);
        }

        @Test
        void shouldCountAnOutcomeSentTwiceBeforeItsAlertOnce() {
            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED)
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED.plusSeconds(5));

            fraudPayment("T1");

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
            assertThat(count("stoppay.outcomes.duplicate", "kind", "stop_payment_alert")).isEqualTo(1);
        }

        @Test
        void shouldCountEachDistinctOutcomeOfOneAlertOnceAndListOnlyOnConfirmedFraud() {
            fraudPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED)
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED.plusSeconds(3600))
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED.plusSeconds(7200));

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "CONFIRMED_FRAUD")).isEqualTo(1);
            assertThat(stopPay.listedByOutcomes()).hasSize(1);
            assertThat(stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1"))).getAlertOutcomes())
                    .extracting(StopPaymentOutcome::getOutcome)
                    .containsExactly(StopPaymentOutcomeKind.STOPPED, StopPaymentOutcomeKind.CONFIRMED_FRAUD);
        }

        @Test
        void shouldKeepAlertAndWarningOfOnePaymentApart() {
            fraudPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED)
                    .warningOutcome(warningOutcome("T1", WarningOutcomeKind.DISSUADED), ACTED);

            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "DISSUADED")).isEqualTo(1);
            assertThat(count("stoppay.outcomes.duplicate")).isZero();
        }
    }

    @Nested
    class RulePrecision {

        @Test
        void shouldCountAFalseAlarmAgainstEveryRuleThatFiredOnThePayment() {
            fraudPayment("T1");
            final RiskDecision decision = stopPay.onlyDecision();
            assertThat(decision.getHits()).extracting(RuleHit::getRuleId).containsExactlyElementsOf(FRAUD_RULES);

            stopPay.warningOutcome(warningOutcome("T1", WarningOutcomeKind.FALSE_ALARM), ACTED);

            assertThat(FRAUD_RULES).allSatisfy(rule -> assertThat(ruleOutcomes(rule, "FALSE_ALARM")).as(rule).isEqualTo(1));
            assertThat(ruleOutcomes("PAYER_VELOCITY", "FALSE_ALARM")).as("a rule that did not fire").isZero();
            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "FALSE_ALARM")).isEqualTo(1);
        }

        @Test
        void shouldCountAFalseAlarmThatArrivesBeforeItsWarningWhenTheWarningComes() {
            stopPay.warningOutcome(warningOutcome("T1", WarningOutcomeKind.FALSE_ALARM), ACTED);
            assertThat(ruleOutcomes("PAYEE_RESTRICTED", "FALSE_ALARM")).isZero();

            fraudPayment("T1");

            assertThat(FRAUD_RULES).allSatisfy(rule -> assertThat(ruleOutcomes(rule, "FALSE_ALARM")).as(rule).isEqualTo(1));
        }

        @Test
        void shouldDeadLetterAWarningOutcomeFromACentreThatDoesNotCoverTheWarningsRegion() {
            fraudPayment("T1");

            stopPay.warningOutcome(WarningOutcome.newBuilder(warningOutcome("T1", WarningOutcomeKind.DISSUADED))
                    .setRegionCode("110105").build(), ACTED);

            assertThat(stopPay.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.value.getReason()).isEqualTo(OutcomeLoopProcessor.WARNING_REGION_MISMATCH);
                assertThat(letter.value.getError()).contains("110105", "320623");
            });
            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "DISSUADED")).isZero();
        }

        @Test
        void shouldJoinAWarningOutcomeFromTheCitysOrTheNationalCentre() {
            fraudPayment("T1");

            stopPay.warningOutcome(WarningOutcome.newBuilder(warningOutcome("T1", WarningOutcomeKind.DISSUADED))
                    .setRegionCode("320600").build(), ACTED);
            stopPay.warningOutcome(WarningOutcome.newBuilder(warningOutcome("T1", WarningOutcomeKind.FALSE_ALARM))
                    .setRegionCode("000000").build(), ACTED);

            assertThat(stopPay.deadLetters()).isEmpty();
            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "DISSUADED")).isEqualTo(1);
            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "FALSE_ALARM")).isEqualTo(1);
        }

        @Test
        void shouldDropAndCountAnOutcomeFromAnotherRegionThatCameBeforeItsWarning() {
            stopPay.warningOutcome(WarningOutcome.newBuilder(warningOutcome("T1", WarningOutcomeKind.DISSUADED))
                    .setRegionCode("440305").build(), ACTED);

            fraudPayment("T1");
            assertThat(stopPay.deadLetters()).as("the warning itself is no dead letter").isEmpty();

            assertThat(count("stoppay.outcomes", "kind", "police_warning", "outcome", "DISSUADED")).isZero();
            assertThat(count("stoppay.outcomes.refused", "kind", "police_warning",
                    "reason", OutcomeLoopProcessor.WARNING_REGION_MISMATCH)).isEqualTo(1);
            assertThat(stopPay.loopEntry(IssuedNotices.warningKey(Publications.warningId(
                    WarningKind.FRAUD_ACCOUNT_ACTIVITY, "T1"))).getWarningOutcomes()).isEmpty();
        }

        @Test
        void shouldCountAReleaseAfterVerificationAgainstEveryRuleThatFired() {
            fraudPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.RELEASED_AFTER_VERIFICATION), ACTED);

            assertThat(FRAUD_RULES).allSatisfy(rule ->
                    assertThat(ruleOutcomes(rule, "RELEASED_AFTER_VERIFICATION")).as(rule).isEqualTo(1));
            assertThat(stopPay.listedByOutcomes()).as("only a confirmed fraud lists").isEmpty();
        }
    }

    @Nested
    class ConfirmedFraud {

        private static final String MULE = "6217000099998888777";
        private static final String MULES_OTHER_ACCOUNT = "6217000099998888000";
        private static final String HOLDER = "holder-hash-77";

        /** A Class II payer's CNY 15,000 to an account nobody listed: held on the daily limit alone. */
        private void heldPayment(final String txnId) {
            stopPay.account(account(PAYER, AccountClass.CLASS_II).build())
                    .pay(payment(txnId, PAYER, MULE, 1_500_000).build());
            assertThat(stopPay.onlyDecision().getAction()).isEqualTo(Action.HOLD);
        }

        @Test
        void shouldListThePayeeUnderTheBanksKeyWithItsAuditRecord() {
            heldPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED);

            final List<KeyValue<String, RiskListEntry>> listed = stopPay.listedByOutcomes();
            assertThat(listed).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("ACCOUNT:" + MULE + "|" + BANK);
                assertThat(kv.value.getSubjectType()).isEqualTo(ACCOUNT);
                assertThat(kv.value.getSubjectId()).isEqualTo(MULE);
                assertThat(kv.value.getListType()).isEqualTo(ListType.FRAUD_ACCOUNT);
                assertThat(kv.value.getRiskLevel()).isEqualTo(3);
                assertThat(kv.value.getSource()).isEqualTo(BANK);
                assertThat(kv.value.getCaseId()).isEqualTo(Publications.alertId("T1"));
                assertThat(kv.value.getReason()).contains("CONFIRMED_FRAUD", BANK, Publications.alertId("T1"), "txn T1")
                        .doesNotContain("called the customer");
                assertThat(kv.value.getListedAt()).isEqualTo(ACTED);
                assertThat(kv.value.getExpiresAt()).isNull();
            });
            final List<KeyValue<String, ListAudit>> audits = stopPay.auditedByOutcomes();
            assertThat(audits).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("ACCOUNT:" + MULE);
                assertThat(kv.value.getAction()).isEqualTo(ListAction.LISTED);
                assertThat(kv.value.getListingKey()).isEqualTo("ACCOUNT:" + MULE + "|" + BANK);
                assertThat(kv.value.getEntry()).isEqualTo(listed.get(0).value);
                assertThat(kv.value.getOperator()).isEqualTo("op-0042");
                assertThat(kv.value.getVia()).isEqualTo("bank-outcome");
                assertThat(kv.value.getReason()).isEqualTo(listed.get(0).value.getReason());
            });
            assertThat(stopPay.statusOf(ACCOUNT, MULE).getRestrictions()).singleElement()
                    .satisfies(r -> assertThat(r.getListingKey()).isEqualTo("ACCOUNT:" + MULE + "|" + BANK));
        }

        @Test
        void shouldRestrictTheSubjectsLinkedToAConfirmedFraudAccount() {
            stopPay.link(ID_NUMBER, HOLDER, ACCOUNT, MULE, LinkKind.HOLDER_ACCOUNT)
                    .link(ID_NUMBER, HOLDER, ACCOUNT, MULES_OTHER_ACCOUNT, LinkKind.HOLDER_ACCOUNT);
            heldPayment("T1");
            stopPay.pay(payment("T2", "6222020200110000001", MULES_OTHER_ACCOUNT, 10_000).build());
            assertThat(stopPay.onlyDecision().getAction()).as("before the bank's finding").isEqualTo(Action.PASS);

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED);
            stopPay.pay(payment("T3", "6222020200110000001", MULES_OTHER_ACCOUNT, 10_000).build());

            final RiskDecision after = stopPay.onlyDecision();
            assertThat(after.getAction()).isEqualTo(Action.HOLD);
            assertThat(after.getHits()).extracting(RuleHit::getRuleId).contains("PAYEE_LINKED");
            assertThat(stopPay.statusOf(ACCOUNT, MULES_OTHER_ACCOUNT).getRestrictions()).singleElement()
                    .satisfies(r -> {
                        assertThat(r.getListingKey()).isEqualTo("ACCOUNT:" + MULE + "|" + BANK);
                        assertThat(r.getHops()).isEqualTo(2);
                    });
        }

        @Test
        void shouldListAConfirmedFraudThatArrivedBeforeItsAlertOnceTheAlertComes() {
            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED);
            assertThat(stopPay.listedByOutcomes()).isEmpty();

            heldPayment("T1");

            assertThat(stopPay.listedByOutcomes()).extracting(kv -> kv.key).containsExactly("ACCOUNT:" + MULE + "|" + BANK);
            assertThat(stopPay.auditedByOutcomes()).hasSize(1);
        }

        @Test
        void shouldListAConfirmedFraudSentTwiceOnce() {
            heldPayment("T1");

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED)
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.CONFIRMED_FRAUD), ACTED);

            assertThat(stopPay.listedByOutcomes()).hasSize(1);
            assertThat(stopPay.auditedByOutcomes()).hasSize(1);
        }
    }

    @Nested
    class Deadlines {

        @Test
        void shouldCountAnUnansweredAlertAsOverdueUntilItsOutcomeComes() {
            fraudPayment("T1");
            stopPay.advanceWallClock(Duration.ofMinutes(59));
            assertThat(overdue("stop_payment_alert")).isZero();
            assertThat(overdue("police_warning")).as("warnings are overdue after 30 min").isEqualTo(1);

            stopPay.advanceWallClock(Duration.ofMinutes(2));
            assertThat(overdue("stop_payment_alert")).isEqualTo(1);

            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED);
            assertThat(overdue("stop_payment_alert")).isZero();
            assertThat(count("stoppay.outcomes", "kind", "stop_payment_alert", "outcome", "STOPPED")).isEqualTo(1);
        }

        @Test
        void shouldNeverCountAnAlertAnsweredInTimeAsOverdue() {
            fraudPayment("T1");
            stopPay.alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED);

            stopPay.advanceWallClock(Duration.ofMinutes(61));

            assertThat(overdue("stop_payment_alert")).isZero();
        }

        @Test
        void shouldForgetAnUnansweredAlertAfterTheRetentionAndCountIt() {
            fraudPayment("T1");
            stopPay.advanceWallClock(Duration.ofMinutes(61));
            assertThat(overdue("stop_payment_alert")).isEqualTo(1);

            stopPay.advanceWallClock(Duration.ofHours(2));

            assertThat(overdue("stop_payment_alert")).isZero();
            assertThat(count("stoppay.outcomes.unanswered", "kind", "stop_payment_alert")).isEqualTo(1);
            assertThat(stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1")))).isNull();
        }

        @Test
        void shouldForgetAnOutcomeWhoseAlertNeverCameAfterTheRetentionAndCountIt() {
            stopPay.alertOutcome(alertOutcome("T-unknown", StopPaymentOutcomeKind.STOPPED), ACTED);
            final String key = IssuedNotices.alertKey(Publications.alertId("T-unknown"));
            stopPay.advanceWallClock(Duration.ofHours(2).plusMinutes(59));
            assertThat(stopPay.loopEntry(key)).isNotNull();
            assertThat(count("stoppay.outcomes.unmatched", "kind", "stop_payment_alert")).isZero();

            stopPay.advanceWallClock(Duration.ofMinutes(2));

            assertThat(stopPay.loopEntry(key)).isNull();
            assertThat(count("stoppay.outcomes.unmatched", "kind", "stop_payment_alert")).isEqualTo(1);
            assertThat(count("stoppay.outcomes")).isZero();
        }
    }

    /** What the console reads: the newest alerts or warnings of a task, newest first, without a scan of the store. */
    @Nested
    class NewestFirst {

        @BeforeEach
        void threePaymentsAMinuteApartTheMiddleOneAnswered() {
            fraudPayment("T1");
            stopPay.advanceWallClock(Duration.ofMinutes(1));
            fraudPayment("T2");
            stopPay.advanceWallClock(Duration.ofMinutes(1));
            fraudPayment("T3");
            stopPay.alertOutcome(alertOutcome("T2", StopPaymentOutcomeKind.STOPPED), ACTED);
        }

        private List<String> txnIds(final NewestNotices.Found found) {
            return found.entries().stream().map(entry -> entry.getIssued().getTxnId()).toList();
        }

        @Test
        void shouldListTheNewestWarningsFirst() {
            final NewestNotices.Found found = stopPay.newestNotices(NoticeKind.POLICE_WARNING, entry -> true, 10, 100);

            assertThat(txnIds(found)).containsExactly("T3", "T2", "T1");
            assertThat(found.entries()).allSatisfy(entry ->
                    assertThat(entry.getIssued().getKind()).isEqualTo(NoticeKind.POLICE_WARNING));
            assertThat(found.complete()).isTrue();
        }

        @Test
        void shouldKeepOnlyWhatIsWantedUpToTheLimit() {
            final NewestNotices.Found awaiting = stopPay.newestNotices(NoticeKind.STOP_PAYMENT_ALERT,
                    entry -> entry.getAlertOutcomes().isEmpty(), 10, 100);
            final NewestNotices.Found newestTwo = stopPay.newestNotices(NoticeKind.STOP_PAYMENT_ALERT, entry -> true, 2, 100);

            assertThat(txnIds(awaiting)).containsExactly("T3", "T1");
            assertThat(txnIds(newestTwo)).containsExactly("T3", "T2");
            assertThat(newestTwo.complete()).isTrue();
        }

        @Test
        void shouldSayWhenItStoppedReadingBeforeTheLimit() {
            // The index holds each entry's expiry and overdue times: reading two keys finds one alert at most.
            final NewestNotices.Found found = stopPay.newestNotices(NoticeKind.STOP_PAYMENT_ALERT, entry -> true, 10, 2);

            assertThat(found.entries()).hasSizeLessThan(2);
            assertThat(found.complete()).isFalse();
        }
    }

    @Nested
    class Validation {

        static Stream<Arguments> impossibleAlertOutcomes() {
            final StopPaymentOutcome good = alertOutcome("T1", StopPaymentOutcomeKind.STOPPED);
            return Stream.of(
                    Arguments.of("KEY_MISMATCH", "another-key", good),
                    Arguments.of("MISSING_ALERT_ID", "", StopPaymentOutcome.newBuilder(good).setAlertId(" ").build()),
                    Arguments.of("MISSING_TXN_ID", good.getAlertId(), StopPaymentOutcome.newBuilder(good).setTxnId("").build()),
                    Arguments.of("ALERT_ID_MISMATCH", good.getAlertId(), StopPaymentOutcome.newBuilder(good).setTxnId("T2").build()),
                    Arguments.of("MISSING_BANK_CODE", good.getAlertId(), StopPaymentOutcome.newBuilder(good).setBankCode(" ").build()),
                    Arguments.of("INVALID_BANK_CODE", good.getAlertId(), StopPaymentOutcome.newBuilder(good).setBankCode("bank\n1").build()),
                    Arguments.of("MISSING_OPERATOR", good.getAlertId(), StopPaymentOutcome.newBuilder(good).setOperator("").build()),
                    Arguments.of("INVALID_OPERATOR", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setOperator("op9\n[admin] appeal upheld").build()),
                    Arguments.of("INVALID_OPERATOR", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setOperator("op-\u202e3").build()),
                    Arguments.of("INVALID_BANK_CODE", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setBankCode("bank\u200d1").build()),
                    Arguments.of("INVALID_ACTED_AT", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setActedAt(Instant.ofEpochMilli(ACTED.getEpochSecond())).build()),
                    Arguments.of("FUTURE_ACTED_AT", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setActedAt(ACTED.plus(Duration.ofMinutes(6))).build()),
                    Arguments.of("FIELD_TOO_LONG", good.getAlertId(), StopPaymentOutcome.newBuilder(good)
                            .setNote("n".repeat(5_000)).build()),
                    Arguments.of("MISSING_VALUE", good.getAlertId(), null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("impossibleAlertOutcomes")
        void shouldSendAnImpossibleBankOutcomeToTheDeadLetterTopicAndGoOn(final String reason, final String key,
                                                                         final StopPaymentOutcome outcome) {
            stopPay.alertOutcome(key, outcome, ACTED)
                    .alertOutcome(alertOutcome("T1", StopPaymentOutcomeKind.STOPPED), ACTED);

            final List<KeyValue<byte[], DeadLetter>> letters = stopPay.deadLetters();
            assertThat(letters).singleElement().satisfies(letter -> {
                assertThat(letter.value.getReason()).isEqualTo(reason);
                assertThat(letter.value.getSourceTopic()).isEqualTo("alerts.stop-payment.outcomes.v1");
            });
            assertThat(stopPay.loopEntry(IssuedNotices.alertKey(Publications.alertId("T1"))).getAlertOutcomes())
                    .as("the next outcome is taken").extracting(StopPaymentOutcome::getOutcome)
                    .containsExactly(StopPaymentOutcomeKind.STOPPED);
            assertThat(count("stoppay.dead.letters", "reason", reason)).isEqualTo(1);
        }

        static Stream<Arguments> impossibleWarningOutcomes() {
            final WarningOutcome good = warningOutcome("T1", WarningOutcomeKind.DISSUADED);
            return Stream.of(
                    Arguments.of("KEY_MISMATCH", Publications.alertId("T1"), good),
                    Arguments.of("MISSING_WARNING_ID", "", WarningOutcome.newBuilder(good).setWarningId("").build()),
                    Arguments.of("WARNING_ID_MISMATCH", good.getWarningId(), WarningOutcome.newBuilder(good).setTxnId("T2").build()),
                    Arguments.of("MISSING_OFFICER", good.getWarningId(), WarningOutcome.newBuilder(good).setOfficer(" ").build()),
                    Arguments.of("INVALID_OFFICER", good.getWarningId(), WarningOutcome.newBuilder(good)
                            .setOfficer("off\r\n[police outcome] FAKE").build()),
                    Arguments.of("INVALID_OFFICER", good.getWarningId(), WarningOutcome.newBuilder(good)
                            .setOfficer("officer-1\u2028[listed] ACCOUNT forged line").build()),
                    Arguments.of("INVALID_OFFICER", good.getWarningId(), WarningOutcome.newBuilder(good)
                            .setOfficer("officer-\u202eevil").build()),
                    Arguments.of("INVALID_REGION", good.getWarningId(), WarningOutcome.newBuilder(good).setRegionCode("Jiangsu").build()),
                    Arguments.of("INVALID_ACTED_AT", good.getWarningId(), WarningOutcome.newBuilder(good)
                            .setActedAt(Instant.parse("1999-12-31T23:59:59Z")).build()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("impossibleWarningOutcomes")
        void shouldSendAnImpossibleWarningOutcomeToTheDeadLetterTopic(final String reason, final String key,
                                                                     final WarningOutcome outcome) {
            stopPay.warningOutcome(key, outcome, ACTED);

            assertThat(stopPay.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.value.getReason()).isEqualTo(reason);
                assertThat(letter.value.getSourceTopic()).isEqualTo("alerts.police-warnings.outcomes.v1");
            });
            assertThat(stopPay.loopEntry(IssuedNotices.warningKey(outcome.getWarningId()))).isNull();
        }

        @Test
        void shouldSendAnUndecodableOutcomeToTheDeadLetterTopicWhole() {
            // At-least-once: under exactly-once the test driver loses deserialization dead letters (design note 5).
            stopPay.close();
            stopPay = new InterceptionDriver(Map.of(StopPayConfig.PROCESSING_GUARANTEE, StreamsConfig.AT_LEAST_ONCE));
            final byte[] garbage = InterceptionDriver.utf8("{\"alertId\":\"x\"}");

            stopPay.alertOutcomeRaw(InterceptionDriver.utf8("x"), garbage);

            assertThat(stopPay.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.value.getReason()).isEqualTo("UNDECODABLE");
                assertThat(letter.value.getError()).contains("cannot decode StopPaymentOutcome");
                assertThat(bytes(letter.value.getValue())).isEqualTo(garbage);
            });
        }

        private static byte[] bytes(final ByteBuffer buffer) {
            final byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
    }
}
