package io.stoppay.cli;

import static io.stoppay.testing.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.stoppay.app.StopPayApp;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.CommittedDecisions;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;

/**
 * {@code stoppay backfill} on a real broker with StopPay running: a person's payees of twenty days
 * ago are known to StopPay afterwards, so paying them again is not a walk to new payees; the
 * history is never decided; a second run changes nothing; a topic is a source too.
 */
class BackfillCommandIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final int PARTITIONS = 2;
    private static final String ARCHIVE = "payments.archive.v1";
    /** Has paid three payees before; pays them again live. */
    private static final String PERSON = "6222000000000000601";
    /** Has no history; pays three new payees live. */
    private static final String NEWCOMER = "6222000000000000602";
    /**
     * The archive's payer, in the other partition than the person's. A task remembers txnIds for
     * twice the dedupe window around the latest payment it has seen (24 h each way): were the
     * archive's payment of ten days ago recorded in the person's task first, the person's history
     * of twenty days ago would be too old for it to remember, and a second load of it would be
     * counted "recorded" again (harmlessly: the state it touches keeps a payment once).
     */
    private static final String ARCHIVED_PAYER = IntStream.range(0, 100)
            .mapToObj(i -> String.format("62220000000000007%02d", i))
            .filter(account -> partition(account) != partition(PERSON)).findFirst().orElseThrow();
    private static final String RECORDED = "recorded";
    private static final String DUPLICATE = "duplicate";

    @TempDir
    static Path dir;

    private static Topics topics;
    private static Path configFile;
    private static StopPayApp app;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startStopPay() throws Exception {
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-backfill-it",
                StopPayConfig.STATE_DIR, dir.resolve("state").toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.METRICS_PORT, "0"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(PARTITIONS);
        }
        KAFKA.createTopics(PARTITIONS, ARCHIVE);
        KAFKA.createTopics(1, "payments.history.one-partition");
        configFile = config("stoppay.properties", "");
        producer = new KafkaProducer<>(KAFKA.producerProps(), new StringSerializer(), new ByteArraySerializer());
        app = StopPayApp.start(config);
    }

    @AfterAll
    static void stopStopPay() {
        app.close();
        producer.close();
    }

    @BeforeEach
    void requireNoStopPayEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(name -> name.startsWith("STOPPAY_")),
                "STOPPAY_* environment variables would change what the CLI reads");
    }

    @Test
    void shouldLoadAFileSoThatThePayeesOfThePastAreKnownAndNeverDecideIt() throws Exception {
        // Given: twenty days ago the person paid three payees CNY 3,000 each; among them, bad lines
        final Instant twentyDaysAgo = Instant.now().minus(Duration.ofDays(20));
        final Path file = Files.writeString(dir.resolve("history.jsonl"), String.join("\n",
                line("H-1", PERSON, payee(PERSON, 1), "\"" + twentyDaysAgo + "\"", "300000"),
                line("H-2", PERSON, payee(PERSON, 2), "\"" + twentyDaysAgo.plusSeconds(3_600) + "\"", "300000"),
                "",
                "{\"txnId\": \"H-BAD-1\", \"eventTime\": ",
                line("H-3", PERSON, payee(PERSON, 3), String.valueOf(twentyDaysAgo.plusSeconds(7_200).toEpochMilli()),
                        "300000").replace("{", "{\"branch\": \"0421\", "),
                line("H-BAD-2", PERSON, payee(PERSON, 4), "\"" + twentyDaysAgo + "\"", "300000")
                        .replace("\"amountMinor\": 300000, ", ""),
                line("H-BAD-3", PERSON, payee(PERSON, 5), "\"" + twentyDaysAgo + "\"", "0")) + "\n",
                StandardCharsets.UTF_8);
        final double recordedBefore = backfilled(RECORDED);

        // When
        final CliRun run = CliRun.of("backfill", "--from", file.toString(), "--config", configFile.toString());

        // Then: the bad lines are named, the good ones published
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.errLines()).extracting(errLine -> errLine.substring(0, errLine.indexOf(':', 8)))
                .containsExactly("line 4: MALFORMED_JSON", "line 6: MISSING_FIELD", "line 7: INVALID_AMOUNT");
        assertThat(run.err()).contains("line 6: MISSING_FIELD: amountMinor").doesNotContain(PERSON);
        assertThat(run.out().lines()).singleElement().asString()
                .startsWith("backfill done: 6 read, 3 published, 0 skipped (older than 90 d), 3 rejected; ")
                .endsWith("; written to " + topics.paymentHistory().name());
        await().atMost(Duration.ofSeconds(30)).until(() -> backfilled(RECORDED) - recordedBefore >= 3);

        // And when the same file is loaded again, StopPay counts each payment once
        final double duplicatesBefore = backfilled(DUPLICATE);
        final CliRun again = CliRun.of("backfill", "--from", file.toString(), "--config", configFile.toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> backfilled(DUPLICATE) - duplicatesBefore >= 3);
        assertThat(backfilled(RECORDED) - recordedBefore).isEqualTo(3);

        // When: live, the person pays the same payees CNY 2,000 each, five minutes apart, and the
        // newcomer pays three payees never paid before alike
        final List<String> live = IntStream.rangeClosed(1, 3).boxed().flatMap(i -> List.of(
                pay("LIVE-P-" + i, PERSON, payee(PERSON, i), i), pay("LIVE-N-" + i, NEWCOMER, payee(NEWCOMER, i), i))
                .stream()).toList();

        // Then: the person's payees are known; the newcomer's third new payee is reviewed
        final Map<String, RiskDecision> decisions = CommittedDecisions.awaitDecisions(
                        Map.of("bootstrap.servers", KAFKA.bootstrapServers()), topics.decisions().name(), Set.copyOf(live))
                .stream().collect(Collectors.toMap(RiskDecision::getTxnId, Function.identity(), (a, b) -> a));
        assertThat(decisions.keySet()).as("the history is never decided").noneMatch(txnId -> txnId.startsWith("H-"));
        assertThat(List.of("LIVE-P-1", "LIVE-P-2", "LIVE-P-3", "LIVE-N-1", "LIVE-N-2"))
                .allSatisfy(txnId -> assertThat(decisions.get(txnId).getAction()).as(txnId).isEqualTo(Action.PASS));
        assertThat(decisions.get("LIVE-N-3").getAction()).isEqualTo(Action.REVIEW);
        assertThat(decisions.get("LIVE-N-3").getHits()).extracting(RuleHit::getRuleId).contains("REPEATED_NEW_PAYEES");
    }

    @Test
    void shouldLoadATopicSkippingWhatIsOlderThanSince() throws Exception {
        // Given: an archive with a payment of ten days ago, one of two hundred days ago, and a record no payment
        final Instant now = Instant.now();
        archive(payment("A-10D", ARCHIVED_PAYER, payee(ARCHIVED_PAYER, 1), now.minus(Duration.ofDays(10)),
                300_000).build());
        archive(payment("A-200D", ARCHIVED_PAYER, payee(ARCHIVED_PAYER, 2), now.minus(Duration.ofDays(200)),
                300_000).build());
        producer.send(new ProducerRecord<>(ARCHIVE, 0, "x", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        final double recordedBefore = backfilled(RECORDED);

        // When
        final CliRun run = CliRun.of("backfill", "--from", "topic:" + ARCHIVE, "--since", "90d",
                "--config", configFile.toString());

        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.errLines()).singleElement().asString().startsWith("partition 0 offset 2: UNDECODABLE: ");
        assertThat(run.out()).startsWith("backfill done: 3 read, 1 published, 1 skipped (older than 90 d), 1 rejected; ");
        await().atMost(Duration.ofSeconds(30)).until(() -> backfilled(RECORDED) - recordedBefore >= 1);
        assertThat(backfilled(RECORDED) - recordedBefore).isEqualTo(1);
    }

    @Test
    void shouldRefuseSourcesAndHistoryTopicsItCannotUse() throws Exception {
        final Path empty = Files.writeString(dir.resolve("empty.jsonl"), "", StandardCharsets.UTF_8);

        assertThat(CliRun.of("backfill", "--from", "topic:no.such.topic", "--config", configFile.toString()))
                .satisfies(run -> assertUsageError(run, "stoppay: --from topic no.such.topic does not exist "
                        + "(for a file, give its path)"));
        assertThat(CliRun.of("backfill", "--from", "topic:" + topics.paymentHistory().name(), "--config",
                configFile.toString())).satisfies(run -> assertUsageError(run, "stoppay: --from topic:payments.history.v1 "
                + "is the topic the backfill writes to; name the topic the past payments are on"));
        assertThat(CliRun.of("backfill", "--from", empty.toString(), "--config",
                config("missing.properties", "stoppay.topic.payment.history=payments.history.missing").toString()))
                .satisfies(run -> assertUsageError(run, "stoppay: topic payments.history.missing does not exist: create "
                        + "payments.history.missing with as many partitions as payments.transactions.v1 "
                        + "(stoppay run --create-topics creates both)"));
        assertThat(CliRun.of("backfill", "--from", empty.toString(), "--config",
                config("one.properties", "stoppay.topic.payment.history=payments.history.one-partition").toString()))
                .satisfies(run -> assertUsageError(run, "stoppay: topic payments.history.one-partition has 1 partitions "
                        + "and payments.transactions.v1 has 2: recreate payments.history.one-partition with 2 partitions "
                        + "(StopPay does not start otherwise)"));
        // An empty export is more often a failed one than an empty past.
        assertThat(CliRun.of("backfill", "--from", empty.toString(), "--config", configFile.toString()))
                .satisfies(run -> {
                    assertThat(run.exitCode()).isEqualTo(2);
                    assertThat(run.errLines()).containsExactly("stoppay: --from " + empty
                            + " holds no payments; nothing was written");
                    assertThat(run.out()).as("no 'backfill done' beside the error").isEmpty();
                });
    }

    private static void assertUsageError(final CliRun run, final String line) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly(line);
        assertThat(run.out()).isEmpty();
    }

    private static Path config(final String name, final String extra) throws Exception {
        return Files.writeString(dir.resolve(name), "kafka.bootstrap.servers=" + KAFKA.bootstrapServers()
                + "\nstoppay.application.id=stoppay-backfill-it\n" + extra + "\n", StandardCharsets.UTF_8);
    }

    /** The {@code i}th payee of {@code payer}: accounts of their own, so the tests do not meet. */
    private static String payee(final String payer, final int i) {
        return "6217" + payer.substring(payer.length() - 3) + String.format("%012d", i);
    }

    private static String line(final String txnId, final String payer, final String payee, final String eventTime,
                               final String amountMinor) {
        return "{\"txnId\": \"" + txnId + "\", \"eventTime\": " + eventTime + ", \"channel\": \"MOBILE_BANKING\", "
                + "\"payer\": {\"accountId\": \"" + payer + "\"}, \"payee\": {\"accountId\": \"" + payee + "\"}, "
                + "\"amountMinor\": " + amountMinor + ", \"currency\": \"CNY\"}";
    }

    /** A live payment of CNY 2,000, the {@code nth} of three five minutes apart, the last now. */
    private static String pay(final String txnId, final String payer, final String payee, final int nth) {
        final PaymentTransaction txn = payment(txnId, payer, payee, Instant.now().minus(Duration.ofMinutes(5L * (3 - nth))),
                200_000).build();
        try {
            producer.send(new ProducerRecord<>(topics.payments().name(), payer,
                    AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
        return txnId;
    }

    private static void archive(final PaymentTransaction txn) throws Exception {
        producer.send(new ProducerRecord<>(ARCHIVE, 0, txn.getPayer().getAccountId(),
                AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
    }

    private static PaymentTransaction.Builder payment(final String txnId, final String payer, final String payee,
                                                      final Instant eventTime, final long amountMinor) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(eventTime).setChannel(Channel.MOBILE_BANKING)
                .setPayer(Party.newBuilder().setAccountId(payer).build())
                .setPayee(Party.newBuilder().setAccountId(payee).build())
                .setAmountMinor(amountMinor).setCurrency("CNY");
    }

    private static int partition(final String account) {
        return BuiltInPartitioner.partitionForKey(account.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private static double backfilled(final String outcome) {
        return sample(new HttpCalls(app.metricsPort()).get("/metrics").body(), "stoppay_backfill_payments_total",
                "outcome", outcome);
    }
}
