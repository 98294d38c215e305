package io.stoppay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * in one decision, and every payment is decided exactly once.
 */
class TwoInstancesIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final int PARTITIONS = 6;

    @TempDir
    static Path stateDirs;

    private static Topics topics;
    private static final List<StopPayApp> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        for (final String name : List.of("a", "b")) {
            final StopPayConfig config = StopPayConfig.of(Map.of(
                    StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                    StopPayConfig.APPLICATION_ID, "stoppay-two-instances",
                    StopPayConfig.STATE_DIR, stateDirs.resolve(name).toString()));
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

    @Test
    void shouldBringPayerAndPayeeFeaturesTogetherAcrossInstances() throws Exception {
        final Set<Integer> onA = ownedPayments(INSTANCES.get(0));
        final String mule = accountIn(onA, 0);
        final List<String> victims = List.of(accountOutside(onA, 1), accountOutside(onA, 2), accountOutside(onA, 3),
                accountIn(onA, 4), accountOutside(onA, 5));

        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(KAFKA.producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < victims.size(); i++) {
                final PaymentTransaction txn = PaymentTransaction.newBuilder().setTxnId("TWO-" + i)
                        .setEventTime(Instant.now()).setChannel(Channel.MOBILE_BANKING)
                        .setPayer(Party.newBuilder().setAccountId(victims.get(i)).build())
                        .setPayee(Party.newBuilder().setAccountId(mule).build())
                        .setAmountMinor(6_000_000).setCurrency("CNY").setRegionCode("320623").build();
                producer.send(new ProducerRecord<>(topics.payments().name(), bytes(victims.get(i)),
                        AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
            }
        }

        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("two-instances-verifier"),
                List.of(topics.decisions().name()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).size() >= 5);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> out.poll() != null);
            final Map<String, RiskDecision> decisions = out.records(topics.decisions().name()).stream()
                    .map(r -> AvroSerde.of(RiskDecision.class).decode(r.value()))
                    .collect(Collectors.toMap(RiskDecision::getTxnId, d -> d));

            assertThat(out.records(topics.decisions().name())).hasSize(5);
            assertThat(decisions.get("TWO-4").getHits()).extracting(RuleHit::getRuleId)
                    .containsExactlyInAnyOrder("LARGE_TRANSFER", "PAYEE_FAN_IN");
            assertThat(List.of("TWO-0", "TWO-1", "TWO-2", "TWO-3")).allSatisfy(txn ->
                    assertThat(decisions.get(txn).getHits()).extracting(RuleHit::getRuleId).containsExactly("LARGE_TRANSFER"));
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
