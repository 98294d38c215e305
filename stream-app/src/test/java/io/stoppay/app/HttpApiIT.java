package io.stoppay.app;

import static io.stoppay.testing.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.access.SubjectScope;
import io.stoppay.config.StopPayConfig;
import io.stoppay.privacy.Mask;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.DeployedQueries;
import io.stoppay.testing.Feeder;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.HttpCalls.Answer;
import io.stoppay.testing.Promtool;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.LinkKind;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.SubjectType;

/**
 * The HTTP API of a running instance over a real broker: health through start-up, metrics that
 * move with traffic (checked by Prometheus' own parser), queries that match what was sent, and
 * the list admin API with its token and audit trail; a flood without a token and a forged
 * X-Forwarded-For, each from an address of its own (127.0.0.2), against the read audit.
 */
class HttpApiIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String PAYER = "6222000000000100001";
    private static final String FRAUD = "6217000000000100009";
    private static final String FRAUD_CARD = "6228000000000100009";
    /** Requests a minute of an address without a valid token; this class's other anonymous calls stay below. */
    private static final int ANONYMOUS_PER_MINUTE = 20;
    /** Another loopback address, so that the flood spends no bucket of the other tests' (127.0.0.1). */
    private static final String FLOODER = "127.0.0.2";

    @TempDir
    static Path stateDir;

    private static Topics topics;
    private static StopPayApp app;
    private static HttpCalls http;
    private static Feeder feeder;
    private static Answer readyBeforeStart;
    private static Answer liveBeforeStart;
    private static Answer metricsBeforeStart;

    @BeforeAll
    static void startStopPay() throws Exception {
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-http-it",
                StopPayConfig.STATE_DIR, stateDir.toString(),
                StopPayConfig.HTTP_PORT, "0",
                // HTTP semantics on a raw socket here; HttpsApiIT tries the same routes over TLS.
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
                StopPayConfig.ACCESS_FILE, TestAccess.write(stateDir).toString(),
                StopPayConfig.METRICS_PORT, "0",
                StopPayConfig.HTTP_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE, Integer.toString(ANONYMOUS_PER_MINUTE),
                StopPayConfig.METRICS_RESTRICTED_REFRESH_MS, "1000"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(3);
        }
        feeder = new Feeder(KAFKA, topics);
        app = StopPayApp.create(config);
        http = new HttpCalls(app.httpPort()).as(TestAccess.ADMIN_TOKEN);
        readyBeforeStart = http.get("/health/ready");
        liveBeforeStart = http.get("/health/live");
        metricsBeforeStart = http.get("/metrics");
        app.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/health/ready").status() == 200);
    }

    @AfterAll
    static void stopStopPay() {
        app.close();
        feeder.close();
    }

    @Test
    void shouldBeLiveButNotReadyUntilKafkaStreamsRuns() {
        assertThat(liveBeforeStart.status()).isEqualTo(200);
        assertThat(readyBeforeStart.status()).isEqualTo(503);
        assertThat(readyBeforeStart.json().get("state").asText()).isEqualTo("CREATED");

        final Answer ready = http.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("state").asText()).isEqualTo("RUNNING");
        assertThat(ready.json().get("restoringPartitions").asInt()).isZero();
        assertThat(metricsBeforeStart.body()).containsPattern("(?m)^stoppay_instance_ready 0\\.0$");
        assertThat(http.get("/metrics").body()).containsPattern("(?m)^stoppay_instance_ready 1\\.0$");
    }

    @Test
    void shouldExposeMetricsThatMoveWithTraffic() throws Exception {
        // Given a listed payee
        list(SubjectType.ACCOUNT, FRAUD, ListType.FRAUD_ACCOUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", FRAUD).get("restricted").asBoolean());

        // When a payment to it is decided, then another, and one undecodable record arrives
        pay("HTTP-M1", PAYER, FRAUD, 300_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> scraped("stoppay_decisions_total", "action", "STOP_PAYMENT") >= 1);
        final double before = scraped("stoppay_decisions_total", "action", "STOP_PAYMENT");
        pay("HTTP-M2", PAYER, FRAUD, 300_000);
        feeder.send(topics.payments().name(), PAYER, new byte[] {0x01});

        // Then StopPay's own meters move, and Kafka's and the JVM's are there
        await().atMost(Duration.ofSeconds(30)).until(() -> scraped("stoppay_decisions_total", "action", "STOP_PAYMENT") > before);
        await().atMost(Duration.ofSeconds(30)).until(() -> scraped("stoppay_dead_letters_total", "reason", "UNDECODABLE") >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                scraped("stoppay_restricted_subjects", "list_type", "FRAUD_ACCOUNT") >= 1);
        for (final String topic : topics.global()) { // every global store read to its end: known, and 0
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    scrape().contains("stoppay_reference_lag_records{topic=\"" + topic + "\"} 0.0"));
        }
        final String scrape = scrape();
        assertThat(sample(scrape, "stoppay_decision_latency_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrape, "stoppay_decision_event_age_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrape, "stoppay_rule_hits_total", "rule", "PAYEE_RESTRICTED")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrape, "stoppay_stop_payments_total", "region", "320623")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrape, "stoppay_police_warnings_total", "kind", "FRAUD_ACCOUNT_ACTIVITY")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrape, "stoppay_ruleset_info", "version", "builtin-4")).isEqualTo(1);
        assertThat(sample(scrape, "stoppay_rocksdb_memory_used_bytes")).isPositive();
        assertThat(scrape).as("no hub: every type reads 0, none is missing")
                .contains("stoppay_restriction_hubs{subject_type=\"IP\"} 0.0", "stoppay_restriction_hubs{subject_type=\"DEVICE\"} 0.0");
        assertThat(scrape).contains("stoppay_decision_latency_seconds_bucket{", "jvm_memory_used_bytes{",
                "kafka_stream_thread_process_total{", "kafka_consumer_fetch_manager_records_consumed_total{",
                "kafka_producer_record_send_total{");
        assertThat(scrape).as("Kafka's per-store meters only with stoppay.metrics.store.detail")
                .doesNotContain("kafka_stream_state_");
    }

    /**
     * promtool parses the whole scrape and lints every name. Kafka's own client metrics break some
     * naming conventions (e.g. {@code io_time_ns_total}); they keep Kafka's names so that Kafka's
     * documentation and dashboards apply, so only StopPay's names must be lint-free.
     */
    @Test
    void shouldServeMetricsThatPrometheusParsesAndWhoseOwnNamesFollowItsConventions() throws Exception {
        pay("HTTP-P1", PAYER, "6217000000000100077", 1_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> scraped("stoppay_decisions_total", "action", "PASS") >= 1);

        final Promtool.Verdict verdict = Promtool.checkMetrics(scrape());

        assertThat(verdict.output()).doesNotContain("error");
        final List<String> problems = verdict.output().lines().filter(line -> !line.isBlank()).toList();
        assertThat(problems).noneMatch(line -> line.startsWith("stoppay_"))
                .allMatch(line -> line.startsWith("kafka_") || line.startsWith("process_") || line.startsWith("system_"));
        assertThat(verdict.exitCode()).isEqualTo(problems.isEmpty() ? 0 : Promtool.LINT_PROBLEMS);
    }

    /**
     * The alert rules and the Grafana dashboard are only as good as the names they query: every
     * metric either names must be in a real scrape of a running instance that has decided payments.
     */
    @Test
    void shouldExportEveryMetricTheAlertRulesAndTheDashboardQuery() throws Exception {
        // A stop-payment, a dead letter, a police warning, a counted restriction and today's
        // statistics of a region, so that every labelled series exists
        list(SubjectType.ACCOUNT, FRAUD, ListType.FRAUD_ACCOUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", FRAUD).get("restricted").asBoolean());
        pay("HTTP-D1", PAYER, FRAUD, 300_000);
        feeder.send(topics.payments().name(), PAYER, new byte[] {0x02});
        await().atMost(Duration.ofSeconds(30)).until(() -> scraped("stoppay_stop_payments_total", "action", "STOP_PAYMENT") >= 1
                && scraped("stoppay_statistics_today", "measure", "stopped") >= 1
                && scraped("stoppay_dead_letters_total", "reason", "UNDECODABLE") >= 1
                && scraped("stoppay_restricted_subjects", "list_type", "FRAUD_ACCOUNT") >= 1);
        final Set<String> queried = DeployedQueries.metricNames();
        final String scrape = scrape();

        assertThat(queried).contains("stoppay_decisions_total", "kafka_consumer_fetch_manager_records_lag_max",
                "stoppay_instance_ready", "jvm_memory_used_bytes");
        assertThat(queried).allSatisfy(name ->
                assertThat(scrape).as("a scrape of a running instance").containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void shouldAnswerWhyASubjectIsRestrictedWithThePathAndTheAccountsRecentPayments() throws Exception {
        // Given a fraud account, its card, and two payments by one payer
        final String fraud = "6217000000000200009";
        final String card = FRAUD_CARD;
        final String payer = "6222000000000200001";
        link(SubjectType.ACCOUNT, fraud, SubjectType.CARD, card, LinkKind.ACCOUNT_CARD);
        list(SubjectType.ACCOUNT, fraud, ListType.FRAUD_ACCOUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("CARD", card).get("restricted").asBoolean());
        pay("HTTP-Q1", payer, "6217000000000200077", 1_000);
        pay("HTTP-Q2", payer, "6217000000000200078", 2_500);

        // Then the card is restricted through the account, one hop away
        final JsonNode cardView = subject("CARD", card);
        assertThat(cardView.get("protected").asBoolean()).isFalse();
        final JsonNode restriction = cardView.get("restrictions").get(0);
        assertThat(restriction.get("listType").asText()).isEqualTo("FRAUD_ACCOUNT");
        assertThat(restriction.get("listedId").asText()).isEqualTo(fraud);
        assertThat(restriction.get("hops").asInt()).isEqualTo(1);
        assertThat(restriction.get("path").get(0).get("kind").asText()).isEqualTo("ACCOUNT_CARD");
        // And the payer's recent behaviour is what was sent
        await().atMost(Duration.ofSeconds(30)).until(() ->
                subject("ACCOUNT", payer).at("/behaviour/outflows/payments").asInt() == 2);
        final JsonNode payerView = subject("ACCOUNT", payer);
        assertThat(payerView.get("restricted").asBoolean()).isFalse();
        assertThat(payerView.at("/behaviour/outflows/amountMinor").asLong()).isEqualTo(3_500);
        assertThat(payerView.at("/behaviour/outflows/counterparties").asInt()).isEqualTo(2);
        assertThat(payerView.at("/behaviour/recent/0/txnId").asText()).isIn("HTTP-Q1", "HTTP-Q2");
    }

    @Test
    void shouldAnswerASubjectQueryOnlyToAReadingRoleAndMaskOtherSubjectsForAnAnalyst() throws Exception {
        // Given a restricted card whose answer names the listed account and a payer's counterparty
        final String fraud = "6217000000000600009";
        final String card = "6228000000000600001";
        final String payer = "6222000000000600001";
        final String payee = "6217000000000600077";
        link(SubjectType.ACCOUNT, fraud, SubjectType.CARD, card, LinkKind.ACCOUNT_CARD);
        list(SubjectType.ACCOUNT, fraud, ListType.FRAUD_ACCOUNT);
        pay("HTTP-A1", payer, payee, 1_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("CARD", card).get("restricted").asBoolean()
                && subject("ACCOUNT", payer).at("/behaviour/outflows/payments").asInt() == 1);
        final HttpCalls anonymous = new HttpCalls(app.httpPort());

        // When it is asked without a token, with an unknown one, by the metrics scraper, with a token on the URL
        final List<Answer> refused = List.of(anonymous.get("/v1/subjects/CARD/" + card),
                anonymous.get("/v1/subjects/CARD/" + card, "Authorization", "Bearer not-a-token-of-the-file"),
                anonymous.as(TestAccess.SCRAPER_TOKEN).get("/v1/subjects/CARD/" + card),
                anonymous.get("/v1/subjects/CARD/" + card + "?token=" + TestAccess.ADMIN_TOKEN));
        // And by an analyst, who may read but sees other subjects masked
        final JsonNode cardForAnalyst = anonymous.as(TestAccess.ANALYST_TOKEN).get("/v1/subjects/CARD/" + card).json();
        final JsonNode payerForAnalyst = anonymous.as(TestAccess.ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + payer).json();

        // Then
        assertThat(refused).extracting(Answer::status).containsExactly(401, 401, 403, 400);
        assertThat(refused).allSatisfy(answer -> assertThat(answer.body()).doesNotContain(card, fraud, "restricted"));
        assertThat(cardForAnalyst.get("restricted").asBoolean()).isTrue();
        assertThat(cardForAnalyst.at("/restrictions/0/listedId").asText()).isEqualTo("6217…0009");
        assertThat(cardForAnalyst.at("/restrictions/0/listingKey").isNull()).isTrue();
        assertThat(cardForAnalyst.at("/restrictions/0/path/0/from").asText() + cardForAnalyst.at("/restrictions/0/path/0/to").asText())
                .doesNotContain(fraud, card);
        assertThat(payerForAnalyst.at("/behaviour/recent/0/counterparty").asText()).isEqualTo("6217…0077");
        assertThat(payerForAnalyst.toString()).doesNotContain(payee);
        assertThat(subject("ACCOUNT", payer).at("/behaviour/recent/0/counterparty").asText())
                .as("an administrator with full-identifiers").isEqualTo(payee);

        // And every one of those reads is in the audit, which only an administrator may search
        final JsonNode audit = http.get("/v1/audit/subject-reads?id=" + card).json();
        assertThat(audit.get("reads")).as(audit.toString()).isNotNull();
        assertThat(audit.get("reads")).extracting(read -> read.get("principal").asText() + " "
                + read.get("status").asInt()).contains("- 401", "test-scraper 403", "test-analyst 200");
        assertThat(anonymous.as(TestAccess.ANALYST_TOKEN).get("/v1/audit/subject-reads").status()).isEqualTo(403);
        assertThat(http.get("/v1/audit/subject-reads?limit=0").error())
                .isEqualTo("limit: must be a number from 1 to 1000");
    }

    @Test
    void shouldAnswerAnAccountOnlyWithinTheCallersBanksOrRegionsAndSayNothingOfOthersExistence() throws Exception {
        // Given an account of bank 0102 in region 320623 that paid one payee of its bank and one of 0308
        final String account = "6222000000000700001";
        final String sameBank = "6222000000000700077";
        final String otherBank = "6217000000000700088";
        final String nowhere = "6222000000000799999";
        feeder.pay("HTTP-S1", bank(account, TestAccess.BANK), bank(sameBank, TestAccess.BANK), 1_000, "320623");
        feeder.pay("HTTP-S2", bank(account, TestAccess.BANK), bank(otherBank, TestAccess.OTHER_BANK), 2_000, "320623");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                subject("ACCOUNT", account).at("/behaviour/outflows/payments").asInt() == 2);
        final HttpCalls anonymous = new HttpCalls(app.httpPort());

        // When an analyst of another bank and an officer of another region ask for it, and for an
        // account that never existed
        final List<Answer> refused = List.of(
                anonymous.as(TestAccess.OTHER_BANK_ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + account),
                anonymous.as(TestAccess.OTHER_BANK_ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + nowhere),
                anonymous.as(TestAccess.OTHER_REGION_OFFICER_TOKEN).get("/v1/subjects/ACCOUNT/" + account),
                anonymous.as(TestAccess.OTHER_REGION_OFFICER_TOKEN).get("/v1/subjects/ACCOUNT/" + nowhere));
        // And the analyst of its bank, who may see identifiers whole, and the officer of its region
        final Answer forItsAnalyst = anonymous.as(TestAccess.BANK_ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + account);
        final Answer forItsOfficer = anonymous.as(TestAccess.OFFICER_TOKEN).get("/v1/subjects/ACCOUNT/" + account);

        // Then the others get one 403, the same whether the account exists or not, naming nothing
        assertThat(refused).extracting(Answer::status).containsOnly(403);
        assertThat(refused).extracting(Answer::body).containsOnly(refused.get(1).body());
        assertThat(refused.get(0).error()).isEqualTo("forbidden: " + SubjectScope.OUTSIDE);
        assertThat(refused).allSatisfy(answer -> assertThat(answer.body())
                .doesNotContain(account, sameBank, otherBank, nowhere, "0700", TestAccess.BANK, "320623"));
        // And its analyst sees its own bank's counterparty whole and the other bank's masked
        assertThat(forItsAnalyst.status()).as(forItsAnalyst.body()).isEqualTo(200);
        assertThat(forItsAnalyst.json().at("/behaviour/recent")).extracting(flow -> flow.get("counterparty").asText())
                .containsExactlyInAnyOrder(sameBank, Mask.cardOrAccount(otherBank));
        assertThat(forItsAnalyst.body()).doesNotContain(otherBank);
        assertThat(forItsOfficer.status()).as(forItsOfficer.body()).isEqualTo(200);
        // And each refusal is audited once, as refused
        final JsonNode audit = http.get("/v1/audit/subject-reads?principal=test-analyst-" + TestAccess.OTHER_BANK
                + "&id=" + account).json();
        assertThat(audit.get("reads")).as(audit.toString()).singleElement().satisfies(read -> {
            assertThat(read.get("allowed").asBoolean()).isFalse();
            assertThat(read.get("status").asInt()).isEqualTo(403);
        });
    }

    @Test
    void shouldServeMetricsWithoutATokenOnlyOnTheMetricsListenerAndOtherwiseToTheScraper() {
        final HttpCalls anonymous = new HttpCalls(app.httpPort());
        final HttpCalls metricsListener = new HttpCalls(app.metricsPort());

        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        assertThat(anonymous.as(TestAccess.OFFICER_TOKEN).get("/metrics").status()).isEqualTo(403);
        assertThat(anonymous.as(TestAccess.SCRAPER_TOKEN).get("/metrics").body())
                .containsPattern("(?m)^stoppay_instance_ready ");
        assertThat(anonymous.get("/health/live").status()).as("probes need no token").isEqualTo(200);
        assertThat(metricsListener.get("/metrics").body()).containsPattern("(?m)^stoppay_instance_ready ");
        assertThat(metricsListener.get("/health/live").status()).isEqualTo(200);
        assertThat(metricsListener.as(TestAccess.ADMIN_TOKEN).get("/v1/subjects/CARD/" + FRAUD_CARD).status())
                .as("the metrics listener serves nothing else").isEqualTo(404);
    }

    @Test
    void shouldRefuseAQueryForAnUnknownSubjectTypeNamingIt() {
        final Answer answer = http.get("/v1/subjects/PASSPORT/123");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).startsWith("type: must be one of [ACCOUNT, CARD");
    }

    @Test
    void shouldRefuseAdminCallsWithoutAnAdminTokenAndWriteNothing() throws Exception {
        final long before = endOffsets(topics.lists().name()) + endOffsets(topics.listAudit().name());
        final String account = "6217000000000300009";
        final String entry = entryJson(account);
        final HttpCalls anonymous = new HttpCalls(app.httpPort());

        final Answer noToken = anonymous.post("/v1/admin/lists", "application/json", entry);
        final Answer wrongToken = anonymous.as("not-a-token-of-the-access-file")
                .post("/v1/admin/lists", "application/json", entry);
        final Answer release = anonymous.post("/v1/admin/lists/ACCOUNT/" + FRAUD + "/release",
                "application/json", "{\"reason\":\"x\"}");
        final Answer officer = anonymous.as(TestAccess.OFFICER_TOKEN).post("/v1/admin/lists", "application/json", entry);
        final Answer analyst = anonymous.as(TestAccess.ANALYST_TOKEN)
                .post("/v1/admin/lists/bulk", "text/csv", "subjectType\n");
        final Answer tokenInUrl = anonymous.post("/v1/admin/lists?access_token=" + TestAccess.ADMIN_TOKEN,
                "application/json", entry);
        final Answer otherOperator = admin("/v1/admin/lists", entry.replace("}", ",\"operator\":\"mallory\"}"));

        assertThat(List.of(noToken, wrongToken, release)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.error()).startsWith("authentication:");
        });
        assertThat(List.of(officer, analyst)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.error()).isEqualTo("forbidden: this needs the role ADMIN");
        });
        assertThat(tokenInUrl.status()).isEqualTo(400);
        assertThat(otherOperator.status()).isEqualTo(400);
        assertThat(otherOperator.error()).isEqualTo("operator: comes from the token, whose principal is test-admin; "
                + "leave it out or send that name");
        assertThat(List.of(noToken, wrongToken, officer, analyst, tokenInUrl, otherOperator))
                .allSatisfy(answer -> assertThat(answer.body()).doesNotContain(account));
        assertThat(endOffsets(topics.lists().name()) + endOffsets(topics.listAudit().name())).isEqualTo(before);
    }

    @Test
    void shouldAnswerAbuseWithAOneLine4xxAndKeepServing() throws IOException {
        final Answer malformed = admin("/v1/admin/lists", "{\"subjectType\": \"ACCOUNT\", ");
        final Answer traversal = http.get("/v1/subjects/ACCOUNT/..%2F..%2Fetc%2Fpasswd");
        final Answer dotDot = http.get("/v1/subjects/CARD/..");
        final Answer nul = http.get("/v1/subjects/PHONE/139%00");
        final Answer huge = http.get("/v1/subjects/DEVICE/" + "d".repeat(300));
        final Answer bodyWhereNoneIsTaken = http.post("/health/live", "text/plain", "hello");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).startsWith("body:");
        assertThat(statusLineOfAnAnnouncedOversizedBody()).startsWith("HTTP/1.1 413");
        assertThat(List.of(traversal, dotDot, huge)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error()).startsWith("subjectId: must be at most 256 characters");
        });
        // Jetty refuses an encoded NUL in a path before StopPay sees it; the answer is the same one line.
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.error()).isEqualTo("request: refused (Bad Request)");
        assertThat(bodyWhereNoneIsTaken.status()).isEqualTo(413);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void shouldAuditAtMostTheLimitOfAFloodWithoutATokenAndRecordTheRealPeerNotAForgedForwardedFor() throws Exception {
        // Given a subject no other test reads, and a client that floods it without a token, claiming to
        // have been forwarded by an instance for another address
        final String card = "6228000000000900001";
        final String forged = "X-Forwarded-For: 203.0.113.9\r\nX-StopPay-Forwarded: true\r\n";
        final int flood = 5 * ANONYMOUS_PER_MINUTE;
        final Map<Integer, Long> statuses = new TreeMap<>();
        for (int i = 0; i < flood; i++) {
            statuses.merge(statusFrom(FLOODER, "GET /v1/subjects/CARD/" + card + " HTTP/1.1\r\nHost: localhost\r\n"
                    + forged + "Connection: close\r\n\r\n"), 1L, Long::sum);
        }
        // And an analyst from the same address with the same forged headers
        final int analystRead = statusFrom(FLOODER, "GET /v1/subjects/CARD/" + card + " HTTP/1.1\r\n"
                + "Host: localhost\r\nAuthorization: Bearer " + TestAccess.ANALYST_TOKEN + "\r\n" + forged
                + "Connection: close\r\n\r\n");

        // Then the limit's worth are refused 401 and audited, the rest 429 and not
        assertThat(statuses).containsExactly(Map.entry(401, (long) ANONYMOUS_PER_MINUTE),
                Map.entry(429, (long) (flood - ANONYMOUS_PER_MINUTE)));
        assertThat(analystRead).isEqualTo(200);
        final JsonNode audit = http.get("/v1/audit/subject-reads?limit=1000&id=" + card).json();
        assertThat(audit.get("matched").asInt()).as(audit.toString()).isEqualTo(ANONYMOUS_PER_MINUTE + 1);
        // And every record says where the request really came from, and nothing it claimed
        assertThat(audit.get("reads")).allSatisfy(read -> {
            assertThat(read.get("remoteAddress").asText()).isEqualTo(FLOODER);
            assertThat(read.get("forwardedFor").isNull()).as(read.toString()).isTrue();
        });
        assertThat(audit.get("reads")).extracting(read -> read.get("status").asInt()).containsOnly(401, 200);
    }

    /** The status code answering {@code request}, sent as is from the local address {@code from}. */
    private static int statusFrom(final String from, final String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), app.httpPort(), InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            final String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    /**
     * Announces a body one byte over the admin limit and sends none of it: the answer must come from
     * the Content-Length alone, before the instance reads (and holds) a byte of the body.
     */
    private static String statusLineOfAnAnnouncedOversizedBody() throws IOException {
        try (Socket socket = new Socket("localhost", app.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/admin/lists HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + TestAccess.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (StopPayApp.MAX_ADMIN_BODY_BYTES + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void shouldRefuseAnIncompleteEntryNamingTheField() {
        final Answer answer = admin("/v1/admin/lists", "{\"subjectType\":\"ACCOUNT\",\"subjectId\":\"1\","
                + "\"listType\":\"FRAUD_ACCOUNT\",\"source\":\"bank\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("riskLevel: required");
    }

    @Test
    void shouldListThenReleaseOnAppealRecordingBothInTheAuditTopic() throws Exception {
        final String account = "6217000000000400009";
        // When an administrator lists the account, naming itself as the operator as clients of the old token did
        final Answer listed = admin("/v1/admin/lists",
                entryJson(account).replace("}", ",\"operator\":\"test-admin\"}"));
        assertThat(listed.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", account).get("restricted").asBoolean());

        // And a release without a reason is refused, then one with a reason is accepted
        final Answer noReason = admin("/v1/admin/lists/ACCOUNT/" + account + "/release", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.error()).isEqualTo("reason: required");
        final Answer released = admin("/v1/admin/lists/ACCOUNT/" + account + "/release",
                "{\"reason\":\"appeal upheld: salary account\"}");
        assertThat(released.status()).isEqualTo(200);

        // Then the restriction is lifted, and the audit topic says which principal did what and why
        await().atMost(Duration.ofSeconds(30)).until(() -> !subject("ACCOUNT", account).get("restricted").asBoolean());
        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("http-it-audit"),
                List.of(topics.listAudit().name(), topics.lists().name()))) {
            final String key = "ACCOUNT:" + account;
            await().atMost(Duration.ofSeconds(30)).until(() -> audits(out.poll(), key).size() >= 2);
            final List<ListAudit> audits = audits(out, key);
            assertThat(audits).extracting(ListAudit::getAction).containsExactly(ListAction.LISTED, ListAction.RELEASED);
            assertThat(audits).extracting(ListAudit::getOperator).containsExactly("test-admin", "test-admin");
            assertThat(audits.get(1).getReason()).isEqualTo("appeal upheld: salary account");
            assertThat(audits.get(1).getAuditId()).isEqualTo(released.json().get("auditId").asText());
            assertThat(audits).extracting(ListAudit::getListingKey).containsOnly(key + "|bank-internal");
            final List<ConsumerRecord<byte[], byte[]>> entries = out.records(topics.lists().name()).stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key + "|bank-internal")).toList();
            assertThat(entries).hasSize(2);
            assertThat(entries.get(1).value()).isNull();
        }
    }

    @Test
    void shouldListAndReleasePerSourceWhenSeveralSourcesListOneSubject() throws Exception {
        final String account = "6217000000000400011";
        // Given: a feeder's listing under the v1 key (by the police), and the bank's through the API
        list(SubjectType.ACCOUNT, account, ListType.FRAUD_ACCOUNT);
        assertThat(admin("/v1/admin/lists", entryJson(account)).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", account).get("restrictions").size() == 2);
        assertThat(subject("ACCOUNT", account).get("restrictions")).extracting(r -> r.get("listingKey").asText())
                .containsExactlyInAnyOrder("ACCOUNT:" + account, "ACCOUNT:" + account + "|bank-internal");

        // When a release names no source, it is refused, naming both
        final Answer ambiguous = admin("/v1/admin/lists/ACCOUNT/" + account + "/release",
                "{\"reason\":\"appeal upheld\"}");
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.error()).startsWith("source: required")
                .contains("bank-internal", "PSB-320600-antifraud-centre").doesNotContain(account);
        // And a source that did not list it is not found
        assertThat(admin("/v1/admin/lists/ACCOUNT/" + account + "/release",
                "{\"reason\":\"appeal upheld\",\"source\":\"unionpay\"}").status())
                .isEqualTo(404);

        // Then releasing the police's listing lifts only that one, tombstoning the key it was written under
        final Answer released = admin("/v1/admin/lists/ACCOUNT/" + account + "/release",
                "{\"reason\":\"appeal upheld at the PSB\",\"source\":\"PSB-320600-antifraud-centre\"}");
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().get("source").asText()).isEqualTo("PSB-320600-antifraud-centre");
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", account).get("restrictions").size() == 1);
        final JsonNode left = subject("ACCOUNT", account);
        assertThat(left.get("restricted").asBoolean()).isTrue();
        assertThat(left.get("restrictions").get(0).get("source").asText()).isEqualTo("bank-internal");
        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("http-it-audit-sources"),
                List.of(topics.listAudit().name()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> audits(out.poll(), "ACCOUNT:" + account).size() >= 2);
            assertThat(audits(out, "ACCOUNT:" + account)).extracting(ListAudit::getAction, ListAudit::getListingKey)
                    .containsExactly(tuple(ListAction.LISTED, "ACCOUNT:" + account + "|bank-internal"),
                            tuple(ListAction.RELEASED, "ACCOUNT:" + account));
        }
    }

    @Test
    void shouldReplaceTheSameSourcesListingWrittenUnderAnotherKey() throws Exception {
        final String account = "6217000000000400012";
        // Given: the police's listing, written by a feeder under the v1 key
        list(SubjectType.ACCOUNT, account, ListType.FRAUD_ACCOUNT);
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("ACCOUNT", account).get("restricted").asBoolean());

        // When an administrator lists it again for the police, at level 1
        final Answer relisted = admin("/v1/admin/lists", "{\"subjectType\":\"ACCOUNT\",\"subjectId\":\"" + account
                + "\",\"listType\":\"MULE_SUSPECT\",\"riskLevel\":1,\"source\":\"PSB-320600-antifraud-centre\"}");

        // Then the new listing replaces the old one rather than standing beside it
        assertThat(relisted.status()).as(relisted.body()).isEqualTo(201);
        assertThat(relisted.json().get("replacedListings").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            final JsonNode restrictions = subject("ACCOUNT", account).get("restrictions");
            return restrictions.size() == 1 && restrictions.get(0).get("riskLevel").asInt() == 1;
        });
        assertThat(subject("ACCOUNT", account).get("restrictions").get(0).get("listingKey").asText())
                .isEqualTo("ACCOUNT:" + account + "|PSB-320600-antifraud-centre");
    }

    /**
     * What stands is read from the lists topic, not from the graph's statuses a moment behind: a
     * release right after the listing finds it, and a second release finds nothing to release.
     */
    @Test
    void shouldReleaseAListingRightAfterItWasWrittenAndOnlyOnce() throws Exception {
        final String account = "6217000000000400013";
        assertThat(admin("/v1/admin/lists", entryJson(account)).status()).isEqualTo(201);

        final String release = "{\"reason\":\"listed by mistake\"}";
        final Answer first = admin("/v1/admin/lists/ACCOUNT/" + account + "/release", release);
        final Answer second = admin("/v1/admin/lists/ACCOUNT/" + account + "/release", release);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(404);
        assertThat(second.error()).isEqualTo("ACCOUNT:" + Mask.subject(SubjectType.ACCOUNT, account) + " is not listed");
        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("http-it-audit-once"),
                List.of(topics.listAudit().name()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> audits(out.poll(), "ACCOUNT:" + account).size() >= 2);
            assertThat(audits(out, "ACCOUNT:" + account)).extracting(ListAudit::getAction)
                    .containsExactly(ListAction.LISTED, ListAction.RELEASED);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !subject("ACCOUNT", account).get("restricted").asBoolean());
    }

    @Test
    void shouldRefuseToReleaseASubjectThatIsNotListed() {
        final Answer answer = admin("/v1/admin/lists/ACCOUNT/6217000000000999999/release",
                "{\"reason\":\"appeal\"}");

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void shouldBulkLoadACsvListFile() {
        final String csv = "subjectType,subjectId,listType,riskLevel,source,caseId,reason,expiresAt\n"
                + "PHONE,13900000501,MULE_SUSPECT,2,PSB-320600-antifraud-centre,2026-JS-0501,,\n"
                + "DEVICE,dev-501,SUSPICIOUS_PERSON,1,bank-internal,,shared by 9 accounts,2027-01-01T00:00:00Z\n";

        // The operator named as before the access file: accepted, being the token's own principal
        final Answer answer = http.post("/v1/admin/lists/bulk?operator=test-admin", "text/csv", csv);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("loaded").asInt()).isEqualTo(2);
        assertThat(answer.json().get("operator").asText()).isEqualTo("test-admin");
        await().atMost(Duration.ofSeconds(30)).until(() -> subject("PHONE", "13900000501").get("restricted").asBoolean()
                && subject("DEVICE", "dev-501").get("restricted").asBoolean());
    }

    // ---- helpers

    private static Answer admin(final String path, final String json) {
        return http.post(path, "application/json", json);
    }

    /** A listing without an operator: the API records the token's principal. */
    private static String entryJson(final String account) {
        return "{\"subjectType\":\"ACCOUNT\",\"subjectId\":\"" + account + "\",\"listType\":\"FRAUD_ACCOUNT\","
                + "\"riskLevel\":3,\"source\":\"bank-internal\",\"caseId\":\"2026-JS-0400\"}";
    }

    private static JsonNode subject(final String type, final String id) {
        final Answer answer = http.get("/v1/subjects/" + type + "/" + id);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String scrape() {
        final Answer answer = http.get("/metrics");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static double scraped(final String name, final String... labels) {
        return sample(scrape(), name, labels);
    }

    private static List<ListAudit> audits(final OutputCollector out, final String key) {
        return out.records(topics.listAudit().name()).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(key))
                .map(r -> AvroSerde.of(ListAudit.class).decode(r.value())).toList();
    }

    private static long endOffsets(final String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            final Map<TopicPartition, OffsetSpec> request = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static void list(final SubjectType type, final String id, final ListType listType) throws Exception {
        feeder.list(type, id, listType);
    }

    private static void link(final SubjectType aType, final String aId, final SubjectType bType, final String bId,
                             final LinkKind kind) throws Exception {
        feeder.link(aType, aId, bType, bId, kind);
    }

    private static Party bank(final String account, final String bankCode) {
        return Party.newBuilder().setAccountId(account).setBankCode(bankCode).build();
    }

    private static void pay(final String txnId, final String payer, final String payee, final long amountMinor)
            throws Exception {
        feeder.pay(txnId, payer, payee, amountMinor, "320623");
    }
}
