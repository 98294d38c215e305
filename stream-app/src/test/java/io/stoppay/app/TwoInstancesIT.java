package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.TestAccess;
import io.stoppay.testing.RealKafka;
import io.stoppay.testing.TestTls;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskDecision;
import stoppay.v1.RuleHit;

/**
 * Two StopPay instances share six partitions of payments. Victims whose accounts live on one
 * instance pay a mule whose account lives on the other: the payer-side hit (a large transfer,
 * seen in the payer's task) and the payee-side hit (fan-in, seen in the mule's task) still meet
 * in one decision, and every payment is decided exactly once. Both serve HTTPS, and a query asked
 * of one is forwarded to the other over HTTPS.
 */
class TwoInstancesIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final int PARTITIONS = 6;

    @TempDir
    static Path stateDirs;

    private static Topics topics;
    private static TestTls tls;
    private static final List<StopPayApp> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        // One certificate for both, as a Kubernetes Secret gives every pod: each trusts its own, so
        // forwarding between them is HTTPS with verification and no trust configured.
        tls = TestTls.create(stateDirs.resolve("tls"));
        for (final String name : List.of("a", "b")) {
            final Map<String, String> settings = new HashMap<>(tls.pemSettings());
            settings.putAll(Map.of(
                    StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                    StopPayConfig.APPLICATION_ID, "stoppay-two-instances",
                    StopPayConfig.STATE_DIR, stateDirs.resolve(name).toString(),
                    StopPayConfig.HTTP_PORT, "0",
                    StopPayConfig.HTTP_ADVERTISED_HOST, "localhost",
                    StopPayConfig.ACCESS_FILE, TestAccess.write(stateDirs.resolve(name)).toString()));
            final StopPayConfig config = StopPayConfig.of(settings);
            topics = Topics.from(config);
            try (Admin admin = Admin.create(config.kafka())) {
                new TopicProvisioner(admin, topics).createMissing(PARTITIONS);
            }
            INSTANCES.add(StopPayApp.start(config));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> INSTANCES.stream()
                .allMatch(app -> app.streams().state() == KafkaStreams.State.RUNNING && !ownedPayments(app).isEmpty())
                && INSTANCES.stream().mapToInt(app -> ownedPayments(app).size()).sum() == PARTITIONS);
    }

    @AfterAll
    static void stopInstances() {
        INSTANCES.forEach(StopPayApp::close);
    }

    private static HttpCalls https(final StopPayApp instance) {
        return HttpCalls.https(instance.httpPort(), tls.clientContext());
    }

    @Test
    void shouldBringPayerAndPayeeFeaturesTogetherAcrossInstances() throws Exception {
        final Set<Integer> onA = ownedPayments(INSTANCES.get(0));
        final String mule = accountIn(onA, 0);
        final List<String> victims = List.of(accountOutside(onA, 1), accountOutside(onA, 2), accountOutside(onA, 3),
                accountIn(onA, 4), accountOutside(onA, 5));

        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("two-instances-verifier"),
                List.of(topics.decisions().name()))) {
            // Each payment waits for the previous one's decision: from two instances, the payee's task
            // would otherwise see them in the order the instances happen to commit, not the order sent.
            for (int i = 0; i < victims.size(); i++) {
                pay("TWO-" + i, victims.get(i), mule, 6_000_000);
                final int decidedSoFar = i + 1;
                await().atMost(Duration.ofSeconds(60)).until(() -> decisionsOf(out.poll(), "TWO-").size() >= decidedSoFar);
            }
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> out.poll() != null);
            final List<RiskDecision> decided = decisionsOf(out, "TWO-");
            final Map<String, RiskDecision> decisions = decided.stream()
                    .collect(Collectors.toMap(RiskDecision::getTxnId, d -> d));

            assertThat(decided).hasSize(5);
            assertThat(decisions.get("TWO-4").getHits()).extracting(RuleHit::getRuleId)
                    .containsExactlyInAnyOrder("LARGE_TRANSFER", "PAYEE_FAN_IN");
            assertThat(List.of("TWO-0", "TWO-1", "TWO-2", "TWO-3")).allSatisfy(txn ->
                    assertThat(decisions.get(txn).getHits()).extracting(RuleHit::getRuleId).containsExactly("LARGE_TRANSFER"));
        }
    }

    @Test
    void shouldAnswerAnAccountQueryOnEitherInstanceFromTheInstanceThatOwnsIt() throws Exception {
        // Given a payment between an account owned by instance a and one owned by instance b
        final Across accounts = paidAcross("FWD-1", 7, false);
        final String payerOnB = accounts.outside();
        final String payeeOnA = accounts.onA();

        // When both instances are asked about both accounts
        final HttpCalls a = https(INSTANCES.get(0)).as(TestAccess.ADMIN_TOKEN);
        final HttpCalls b = https(INSTANCES.get(1)).as(TestAccess.ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                a.get("/v1/subjects/ACCOUNT/" + payeeOnA).json().at("/behaviour/inflows/payments").asInt() == 1);

        // Then each answer comes from the owner, whichever instance was asked, and says the same
        for (final HttpCalls asked : List.of(a, b)) {
            final JsonNode payer = asked.get("/v1/subjects/ACCOUNT/" + payerOnB).json();
            final JsonNode payee = asked.get("/v1/subjects/ACCOUNT/" + payeeOnA).json();
            assertThat(payer.get("answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(1).httpPort());
            assertThat(payee.get("answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(0).httpPort());
            assertThat(payer.at("/behaviour/outflows/payments").asInt()).isEqualTo(1);
            assertThat(payee.at("/behaviour/inflows/payments").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldForwardTheCallersOwnIdentityForTheOwnerToCheckAgain() throws Exception {
        // Given an account owned by instance a, with a payment to a counterparty
        final Across accounts = paidAcross("FWD-2", 9, true);
        final String payerOnA = accounts.onA();
        final String payee = accounts.outside();
        final HttpCalls b = https(INSTANCES.get(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.as(TestAccess.ADMIN_TOKEN)
                .get("/v1/subjects/ACCOUNT/" + payerOnA).json().at("/behaviour/outflows/payments").asInt() == 1);

        // When the analyst asks b, which forwards to a: a renders the answer for the analyst, masked
        final JsonNode forAnalyst = b.as(TestAccess.ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + payerOnA).json();
        assertThat(forAnalyst.get("answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(0).httpPort());
        assertThat(forAnalyst.toString()).doesNotContain(payee);
        // And the read is audited once, by a (every audit is acknowledged before its answer leaves, so
        // the topic already holds whatever either instance recorded), with the client b saw
        final JsonNode audit = b.as(TestAccess.ADMIN_TOKEN).get("/v1/audit/subject-reads?principal=test-analyst&id="
                + payerOnA).json();
        assertThat(audit.get("matched").asInt()).isEqualTo(1);
        assertThat(audit.at("/reads/0/answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(0).httpPort());
        assertThat(audit.at("/reads/0/allowed").asBoolean()).isTrue();
        // b, another instance of the application, may say where the query came from: the test's client
        assertThat(audit.at("/reads/0/forwardedFor").asText()).isEqualTo("127.0.0.1");
        assertThat(audit.at("/reads/0/remoteAddress").asText()).as("b, the peer of a").isEqualTo("127.0.0.1");

        // And an analyst of one bank, asking b about an account of no known bank, is refused by a,
        // which alone knows the account's payments; the refusal is recorded once, by a
        final HttpCalls.Answer outOfScope = b.as(TestAccess.OTHER_BANK_ANALYST_TOKEN).get("/v1/subjects/ACCOUNT/" + payerOnA);
        assertThat(outOfScope.status()).isEqualTo(403);
        assertThat(outOfScope.body()).doesNotContain(payerOnA, payee, "behaviour");
        final JsonNode scopeRefusals = b.as(TestAccess.ADMIN_TOKEN).get("/v1/audit/subject-reads?principal=test-analyst-"
                + TestAccess.OTHER_BANK + "&id=" + payerOnA).json();
        assertThat(scopeRefusals.get("reads")).as(scopeRefusals.toString()).singleElement().satisfies(read -> {
            assertThat(read.get("allowed").asBoolean()).isFalse();
            assertThat(read.get("status").asInt()).isEqualTo(403);
            assertThat(read.get("answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(0).httpPort());
        });

        // And when a no longer knows the officer (its access file changed, b's did not)
        final Path fileOfA = stateDirs.resolve("a").resolve("access.yaml");
        final String original = Files.readString(fileOfA);
        Files.writeString(fileOfA, original.lines().filter(line -> !line.contains("test-officer"))
                .collect(Collectors.joining("\n", "", "\n")));
        try {
            final HttpCalls officerAtA = https(INSTANCES.get(0)).as(TestAccess.OFFICER_TOKEN);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    officerAtA.get("/v1/subjects/ACCOUNT/" + payerOnA).status() == 401);

            // Then b, which still knows the officer, forwards, and a's refusal is the answer
            final HttpCalls officerAtB = b.as(TestAccess.OFFICER_TOKEN);
            assertThat(officerAtB.get("/v1/subjects/CARD/6228000000000000001").status()).as("b knows the officer")
                    .isEqualTo(200);
            final HttpCalls.Answer forwarded = officerAtB.get("/v1/subjects/ACCOUNT/" + payerOnA);
            assertThat(forwarded.status()).isEqualTo(401);
            assertThat(forwarded.body()).doesNotContain(payee, "behaviour");
            // a refused it, and recorded the refusal once; b did not record the read it passed on (the
            // officer's direct reads of a above are refusals of their own, without a forwarding client,
            // and the other bank's analyst's forwarded refusal was counted above)
            final JsonNode refusals = b.as(TestAccess.ADMIN_TOKEN).get("/v1/audit/subject-reads?id=" + payerOnA)
                    .json().get("reads");
            assertThat(refusals).filteredOn(read -> !read.get("allowed").asBoolean()
                            && !read.get("forwardedFor").isNull()
                            && !read.get("principal").asText().equals("test-analyst-" + TestAccess.OTHER_BANK))
                    .singleElement()
                    .satisfies(read -> {
                        assertThat(read.get("status").asInt()).isEqualTo(401);
                        assertThat(read.get("answeredBy").asText()).isEqualTo("localhost:" + INSTANCES.get(0).httpPort());
                    });
        } finally {
            Files.writeString(fileOfA, original);
        }
    }

    /** Two accounts, one owned by instance a and one not. */
    private record Across(String onA, String outside) {
    }

    /** A payment of 1,000 minor units between an account of instance a and one outside it, either way. */
    private static Across paidAcross(final String txnId, final int seed, final boolean payerOnA) throws Exception {
        final Set<Integer> onA = ownedPayments(INSTANCES.get(0));
        final Across accounts = new Across(accountIn(onA, seed + 1), accountOutside(onA, seed));
        pay(txnId, payerOnA ? accounts.onA() : accounts.outside(), payerOnA ? accounts.outside() : accounts.onA(), 1_000);
        return accounts;
    }

    /** The decisions seen so far of the payments whose txnId starts with {@code prefix} (other tests pay too). */
    private static List<RiskDecision> decisionsOf(final OutputCollector out, final String prefix) {
        return out.records(topics.decisions().name()).stream()
                .map(r -> AvroSerde.of(RiskDecision.class).decode(r.value()))
                .filter(decision -> decision.getTxnId().startsWith(prefix)).toList();
    }

    private static void pay(final String txnId, final String payer, final String payee, final long amountMinor)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(KAFKA.producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            final PaymentTransaction txn = PaymentTransaction.newBuilder().setTxnId(txnId)
                    .setEventTime(Instant.now()).setChannel(Channel.MOBILE_BANKING)
                    .setPayer(Party.newBuilder().setAccountId(payer).build())
                    .setPayee(Party.newBuilder().setAccountId(payee).build())
                    .setAmountMinor(amountMinor).setCurrency("CNY").setRegionCode("320623").build();
            producer.send(new ProducerRecord<>(topics.payments().name(), bytes(payer),
                    AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
        }
    }

    /** The partitions of the payments topic whose tasks run on this instance. */
    private static Set<Integer> ownedPayments(final StopPayApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(partition -> partition.topic().equals(topics.payments().name()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }

    private static String accountIn(final Set<Integer> partitions, final int seed) {
        return account(seed, partitions::contains);
    }

    private static String accountOutside(final Set<Integer> partitions, final int seed) {
        return account(seed, partition -> !partitions.contains(partition));
    }

    /** An account number that Kafka's default partitioner puts in a partition that passes the test. */
    private static String account(final int seed, final java.util.function.IntPredicate partitionTest) {
        for (int i = 0; ; i++) {
            final String candidate = String.format("62220%02d%012d", seed, i);
            if (partitionTest.test(Utils.toPositive(Utils.murmur2(bytes(candidate))) % PARTITIONS)) {
                return candidate;
            }
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
