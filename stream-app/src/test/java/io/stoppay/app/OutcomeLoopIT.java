package io.stoppay.app;

import static io.stoppay.testing.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Publications;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentOutcome;
import stoppay.v1.StopPaymentOutcomeKind;
import stoppay.v1.SubjectType;
import stoppay.v1.WarningKind;
import stoppay.v1.WarningOutcome;
import stoppay.v1.WarningOutcomeKind;

/**
 * The outcome loop on a real broker, exactly-once, in StopPay's two Kafka Streams clients: a
 * payment is held and alerted, another stopped and reported to the police; the bank confirms the
 * first payee a fraud account and the anti-fraud centre calls the second warning a false alarm.
 * A read_committed consumer then sees the listing and its audit record, the restriction graph
 * restricts the account linked to the confirmed one (the next payment to it is held), the
 * metrics count the false alarm against every rule that fired, and the statistics of the region,
 * served by HTTP, count every decision, the alert's and the warning's outcome.
 */
class OutcomeLoopIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String PAYER = "6222000000000000011";
    private static final String OTHER_PAYER = "6222000000000000012";
    private static final String MULE = "6217000000000000021";
    private static final String MULES_OTHER_ACCOUNT = "6217000000000000022";
    private static final String LISTED = "6217000000000000029";
    private static final String BANK = "bank-0102";
    /** A payment is sent again this often until reference data sent before it has reached the decisions. */
    private static final Duration RETRY = Duration.ofMillis(700);

    @TempDir
    static Path stateDir;

    private static Topics topics;
    private static final String OFFICER_TOKEN = TestAccess.OFFICER_TOKEN;
    private static StopPayApp app;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startStopPay() throws Exception {
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-outcome-it",
                StopPayConfig.STATE_DIR, stateDir.resolve("state").toString(),
                StopPayConfig.ACCESS_FILE, TestAccess.write(stateDir).toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.METRICS_PORT, "0"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(2);
        }
        producer = new KafkaProducer<>(KAFKA.producerProps(), new ByteArraySerializer(), new ByteArraySerializer());
        app = StopPayApp.start(config);
    }

    @AfterAll
    static void stopStopPay() {
        app.close();
        producer.close();
    }

    @Test
    void shouldListAConfirmedFraudAccountRestrictWhatIsLinkedToItCountAFalseAlarmPerRuleAndPublishTheStatistics() throws Exception {
        // Given: a Class II payer, a listed fraud account, and one holder behind two accounts.
        send(topics.accounts().name(), PAYER, AvroSerde.of(AccountProfile.class).encode(AccountProfile.newBuilder()
                .setAccountId(PAYER).setAccountClass(AccountClass.CLASS_II).setOpenedAt(Instant.parse("2020-01-01T00:00:00Z"))
                .setRegionCode("320623").build()));
        send(topics.lists().name(), "ACCOUNT:" + LISTED + "|PSB", AvroSerde.of(RiskListEntry.class).encode(
                RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT).setSubjectId(LISTED)
                        .setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(3).setSource("PSB").setListedAt(Instant.now()).build()));
        for (final String account : List.of(MULE, MULES_OTHER_ACCOUNT)) {
            send(topics.linkages().name(), "ID_NUMBER:holder-9|ACCOUNT:" + account, AvroSerde.of(Linkage.class).encode(
                    Linkage.newBuilder().setAType(SubjectType.ID_NUMBER).setAId("holder-9").setBType(SubjectType.ACCOUNT)
                            .setBId(account).setKind(LinkKind.HOLDER_ACCOUNT).setSource("bank").setLinkedAt(Instant.now())
                            .build()));
        }

        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("outcome-it-verifier"), List.of(
                topics.decisions().name(), topics.stopPayments().name(), topics.policeWarnings().name(),
                topics.lists().name(), topics.listAudit().name()))) {
            // When: a payment to the mule is held on the daily limit (an alert), one to the listed
            // account is stopped (an alert and a police warning) ...
            await().atMost(Duration.ofSeconds(60)).pollInterval(RETRY).until(() -> {
                pay("OL-1-" + System.nanoTime(), PAYER, MULE, 1_500_000);
                return decisions(out).stream().anyMatch(d -> d.getAction() == Action.HOLD);
            });
            final RiskDecision held = decisions(out).stream().filter(d -> d.getAction() == Action.HOLD).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(60)).pollInterval(RETRY).until(() -> {
                pay("OL-2-" + System.nanoTime(), OTHER_PAYER, LISTED, 100_000);
                return decisions(out).stream().anyMatch(d -> d.getAction() == Action.STOP_PAYMENT);
            });
            final RiskDecision stopped = decisions(out).stream().filter(d -> d.getAction() == Action.STOP_PAYMENT)
                    .findFirst().orElseThrow();

            // ... and the bank and the anti-fraud centre answer.
            final String alertId = Publications.alertId(held.getTxnId());
            send(topics.stopPaymentOutcomes().name(), alertId, AvroSerde.of(StopPaymentOutcome.class).encode(
                    StopPaymentOutcome.newBuilder().setAlertId(alertId).setTxnId(held.getTxnId()).setBankCode(BANK)
                            .setOutcome(StopPaymentOutcomeKind.CONFIRMED_FRAUD).setActedAt(Instant.now())
                            .setOperator("op-7").build()));
            final String warningId = Publications.warningId(WarningKind.FRAUD_ACCOUNT_ACTIVITY, stopped.getTxnId());
            send(topics.warningOutcomes().name(), warningId, AvroSerde.of(WarningOutcome.class).encode(
                    WarningOutcome.newBuilder().setWarningId(warningId).setTxnId(stopped.getTxnId()).setRegionCode("320623")
                            .setOutcome(WarningOutcomeKind.FALSE_ALARM).setActedAt(Instant.now()).setOfficer("officer-3")
                            .build()));

            // Then: the listing and its audit record, committed together ...
            final String listingKey = "ACCOUNT:" + MULE + "|" + BANK;
            await().atMost(Duration.ofSeconds(60)).until(() -> !records(out, topics.listAudit().name()).isEmpty()
                    && records(out, topics.lists().name()).stream().anyMatch(r -> key(r).equals(listingKey)));
            final RiskListEntry entry = AvroSerde.of(RiskListEntry.class).decode(records(out, topics.lists().name()).stream()
                    .filter(r -> key(r).equals(listingKey)).findFirst().orElseThrow().value());
            assertThat(entry.getSource()).isEqualTo(BANK);
            assertThat(entry.getListType()).isEqualTo(ListType.FRAUD_ACCOUNT);
            assertThat(entry.getCaseId()).isEqualTo(alertId);
            final ListAudit audit = AvroSerde.of(ListAudit.class).decode(records(out, topics.listAudit().name()).get(0).value());
            assertThat(audit.getAction()).isEqualTo(ListAction.LISTED);
            assertThat(audit.getListingKey()).isEqualTo(listingKey);
            assertThat(audit.getOperator()).isEqualTo("op-7");

            // ... the account linked to the confirmed one is restricted: the next payment to it is held ...
            await().atMost(Duration.ofSeconds(60)).pollInterval(RETRY).until(() -> {
                final String txnId = "OL-3-" + System.nanoTime();
                pay(txnId, OTHER_PAYER, MULES_OTHER_ACCOUNT, 10_000);
                return decisions(out).stream().anyMatch(d -> d.getPayeeAccountId().equals(MULES_OTHER_ACCOUNT)
                        && d.getHits().stream().map(RuleHit::getRuleId).anyMatch("PAYEE_LINKED"::equals));
            });

            // ... and the false alarm counts against every rule that fired on the stopped payment.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                final String scrape = new HttpCalls(app.metricsPort()).get("/metrics").body();
                for (final RuleHit hit : stopped.getHits()) {
                    assertThat(sample(scrape, "stoppay_rule_outcomes_total", "rule", hit.getRuleId(), "outcome", "FALSE_ALARM"))
                            .as(hit.getRuleId()).isEqualTo(1.0);
                }
                assertThat(sample(scrape, "stoppay_outcomes_total", "kind", "stop_payment_alert", "outcome", "CONFIRMED_FRAUD"))
                        .isEqualTo(1.0);
                assertThat(sample(scrape, "stoppay_outcomes_overdue", "kind", "stop_payment_alert")).isZero();
            });

            // And the region's statistics, by HTTP, count every decision and both outcomes (the days
            // around today in Beijing, so that a run across midnight still adds up).
            final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            final String path = "/v1/statistics/regions/320623?from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
            final HttpCalls http = new HttpCalls(app.httpPort());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                final List<RiskDecision> all = decisions(out);
                final JsonNode days = http.get(path, "Authorization", "Bearer " + OFFICER_TOKEN).json().get("days");
                assertThat(total(days, "/decided")).isEqualTo(all.size());
                assertThat(total(days, "/held")).isEqualTo(all.stream().filter(d -> d.getAction() == Action.HOLD).count());
                assertThat(total(days, "/stopped"))
                        .isEqualTo(all.stream().filter(d -> d.getAction() == Action.STOP_PAYMENT).count());
                assertThat(total(days, "/alertOutcomes/CONFIRMED_FRAUD")).isEqualTo(1);
                assertThat(total(days, "/warningOutcomes/FALSE_ALARM")).isEqualTo(1);
                assertThat(total(days, "/warningsByKind/FRAUD_ACCOUNT_ACTIVITY")).isPositive();
            });
            final String csv = http.get(path + "&format=csv", "Authorization", "Bearer " + OFFICER_TOKEN).body();
            assertThat(csv.split("\r\n")).hasSize(4).allSatisfy(line -> assertThat(line).startsWith(
                    line.startsWith("region") ? "region,day,decided," : "320623,"));
            // Over a real connection: no token 401, another region 403, a token on the URL 400; none says a figure.
            final HttpCalls.Answer anonymous = http.get(path);
            final HttpCalls.Answer otherRegion = http.get("/v1/statistics/regions/110101",
                    "Authorization", "Bearer " + OFFICER_TOKEN);
            final HttpCalls.Answer tokenOnUrl = http.get(path + "&access_token=" + OFFICER_TOKEN);
            assertThat(List.of(anonymous.status(), otherRegion.status(), tokenOnUrl.status()))
                    .containsExactly(401, 403, 400);
            assertThat(List.of(anonymous.body(), otherRegion.body(), tokenOnUrl.body()))
                    .allSatisfy(body -> assertThat(body).doesNotContain("decided", "320623", OFFICER_TOKEN));
        }
    }

    private static long total(final JsonNode days, final String field) {
        long sum = 0;
        for (final JsonNode day : days) {
            sum += day.at(field).asLong();
        }
        return sum;
    }

    private static List<RiskDecision> decisions(final OutputCollector out) {
        final AvroSerde<RiskDecision> serde = AvroSerde.of(RiskDecision.class);
        return records(out.poll(), topics.decisions().name()).stream().map(r -> serde.decode(r.value())).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(final OutputCollector out, final String topic) {
        return out.poll().records(topic);
    }

    private static String key(final ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static void pay(final String txnId, final String payer, final String payee, final long amount) throws Exception {
        send(topics.payments().name(), payer, AvroSerde.of(PaymentTransaction.class).encode(PaymentTransaction.newBuilder()
                .setTxnId(txnId).setEventTime(Instant.now()).setChannel(Channel.MOBILE_BANKING)
                .setPayer(Party.newBuilder().setAccountId(payer).build()).setPayee(Party.newBuilder().setAccountId(payee).build())
                .setAmountMinor(amount).setCurrency("CNY").setRegionCode("320623").build()));
    }

    private static void send(final String topic, final String key, final byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
