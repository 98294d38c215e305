package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * A feeder on librdkafka (Python, Go, .NET, C/C++, Node) partitions by CRC32 of the key, not
 * murmur2 as Java does (FIELD-NOTES, "Feeds"): its payment lands outside the payer's partition,
 * where the payer's inflows are not. Decisions must not depend on it, over a real broker.
 */
class MisroutedFeederIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final int PARTITIONS = 3;

    @TempDir
    static Path stateDir;

    private static Topics topics;
    private static StopPayApp app;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startStopPay() throws Exception {
        final StopPayConfig config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-misrouted-it",
                StopPayConfig.STATE_DIR, stateDir.toString(),
                StopPayConfig.HTTP_PORT, "0"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(PARTITIONS);
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
    void shouldJudgeAForwardWrittenToTheWrongPartitionOnItsPayersInflows() throws Exception {
        // Given: a relay account whose librdkafka partition is not its Java partition, and an inflow
        // written by a Java feeder (so recorded in the relay's own task)
        final String relay = accountWhereClientsDisagree();
        final double misroutedBefore = scraped("stoppay_payments_misrouted_total");
        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("misrouted-verifier"),
                List.of(topics.decisions().name()))) {
            send(javaPartition("6222000000000000777"), payment("IN-1", "6222000000000000777", relay, 2_000_000));
            awaitDecisions(out, 1);

            // When: the relay forwards it, written by a librdkafka feeder
            send(librdkafkaPartition(relay), payment("OUT-1", relay, "6222000000000000778", 1_700_000));

            // Then: judged on the inflow, as if a Java feeder had written it
            final Map<String, RiskDecision> decided = awaitDecisions(out, 2);
            assertThat(decided.get("OUT-1").getAction()).isEqualTo(Action.HOLD);
            assertThat(decided.get("OUT-1").getHits()).extracting(RuleHit::getRuleId).contains("RAPID_PASS_THROUGH");
        }
        assertThat(scraped("stoppay_payments_misrouted_total") - misroutedBefore).as("only the forward").isEqualTo(1.0);
    }

    @Test
    void shouldDecideEachMisroutedPaymentExactlyOnce() throws Exception {
        final String payer = accountWhereClientsDisagree();
        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("misrouted-once-verifier"),
                List.of(topics.decisions().name()))) {
            for (int i = 0; i < 5; i++) {
                send(librdkafkaPartition(payer), payment("MIS-" + i, payer, "6222000000000000779", 10_000));
            }
            // The same payment redelivered by the feeder's retry is deduplicated in the payer's task;
            // MIS-5, after it in the same partition, shows when it would have been decided.
            send(librdkafkaPartition(payer), payment("MIS-0", payer, "6222000000000000779", 10_000));
            send(librdkafkaPartition(payer), payment("MIS-5", payer, "6222000000000000779", 10_000));

            // (The verifier reads the decisions topic from its start: other tests' decisions are there too.)
            await().atMost(Duration.ofSeconds(60)).until(() -> misDecisions(out).stream()
                    .anyMatch(decision -> decision.getTxnId().equals("MIS-5")));
            assertThat(misDecisions(out)).extracting(RiskDecision::getTxnId)
                    .containsExactlyInAnyOrder("MIS-0", "MIS-1", "MIS-2", "MIS-3", "MIS-4", "MIS-5");
        }
    }

    private static List<RiskDecision> misDecisions(final OutputCollector out) {
        final AvroSerde<RiskDecision> serde = AvroSerde.of(RiskDecision.class);
        out.poll();
        return out.records(topics.decisions().name()).stream().map(r -> serde.decode(r.value()))
                .filter(decision -> decision.getTxnId().startsWith("MIS-")).toList();
    }

    /** The first account id whose CRC32 partition differs from its murmur2 partition. */
    private static String accountWhereClientsDisagree() {
        for (int i = 0; ; i++) {
            final String account = String.format("6222100000%09d", i + (int) (System.nanoTime() % 1000) * 1000);
            if (librdkafkaPartition(account) != javaPartition(account)) {
                return account;
            }
        }
    }

    /** librdkafka's default partitioner for a keyed record ("consistent_random"): CRC32 of the key. */
    private static int librdkafkaPartition(final String key) {
        final CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static int javaPartition(final String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private static void send(final int partition, final PaymentTransaction txn) throws Exception {
        producer.send(new ProducerRecord<>(topics.payments().name(), partition,
                txn.getPayer().getAccountId().getBytes(StandardCharsets.UTF_8),
                AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
    }

    private static Map<String, RiskDecision> awaitDecisions(final OutputCollector out, final int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).size() >= count);
        final AvroSerde<RiskDecision> serde = AvroSerde.of(RiskDecision.class);
        return out.records(topics.decisions().name()).stream().map(r -> serde.decode(r.value()))
                .collect(Collectors.toMap(RiskDecision::getTxnId, d -> d, (a, b) -> a));
    }

    private static PaymentTransaction payment(final String txnId, final String payer, final String payee,
                                              final long amountMinor) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.now())
                .setChannel(Channel.MOBILE_BANKING).setPayer(Party.newBuilder().setAccountId(payer).build())
                .setPayee(Party.newBuilder().setAccountId(payee).build()).setAmountMinor(amountMinor)
                .setCurrency("CNY").setRegionCode("320623").build();
    }

    private static double scraped(final String name) {
        final Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(new HttpCalls(app.httpPort()).get("/metrics").body());
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }
}
