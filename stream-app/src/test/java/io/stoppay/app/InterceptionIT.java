package io.stoppay.app;

import static io.stoppay.testing.PrometheusText.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.config.StopPayConfig;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.testing.HttpCalls;
import io.stoppay.testing.RealKafka;
import io.stoppay.topology.InterceptionTopology;
import io.stoppay.topology.Publications;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import stoppay.v1.AccountClass;
import stoppay.v1.AccountProfile;
import stoppay.v1.Action;
import stoppay.v1.Channel;
import stoppay.v1.DeadLetter;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.ListType;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.PoliceWarning;
import stoppay.v1.RiskDecision;
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleHit;
import stoppay.v1.StopPaymentAlert;
import stoppay.v1.SubjectType;
import stoppay.v1.WarningKind;

/**
 * StopPay on a real broker, exactly-once: payments, list updates and bad records go in through
 * Kafka, and a read_committed consumer checks the exact decisions, alerts, warnings and dead
 * letters that come out.
 */
class InterceptionIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String VICTIM = "6222000000000000001";
    private static final String ELDER = "6222000000000000002";
    private static final String FRIEND = "6222000000000000003";
    /** An account opened today: where a scam has an elderly victim send the money. */
    private static final String COLLECTION = "6222000000000000005";
    private static final String NEIGHBOUR = "6222000000000000004";
    private static final String FRAUD = "6217000000000000009";
    private static final String FRAUD_CARD = "6228000000000000009";
    private static final String MULE_PHONE = "13900000009";

    @TempDir
    static Path stateDir;

    private static StopPayConfig config;
    private static Topics topics;
    private static StopPayApp app;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startStopPay() throws Exception {
        config = StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + "bootstrap.servers", KAFKA.bootstrapServers(),
                StopPayConfig.APPLICATION_ID, "stoppay-it",
                StopPayConfig.STATE_DIR, stateDir.toString(),
                StopPayConfig.HTTP_PORT, "0",
                StopPayConfig.HTTP_PLAINTEXT_ALLOWED, "true",
                StopPayConfig.METRICS_PORT, "0"));
        topics = Topics.from(config);
        try (Admin admin = Admin.create(config.kafka())) {
            new TopicProvisioner(admin, topics).createMissing(3);
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
    void shouldDecideAlertWarnAndDeadLetterExactlyOnceOverARealBroker() throws Exception {
        // Given: a fraud card, a phone linked to it, the elderly payer's profile, a collection account
        // opened today, and a bad profile record.
        send(topics.accounts().name(), ELDER, AvroSerde.of(AccountProfile.class).encode(AccountProfile.newBuilder()
                .setAccountId(ELDER).setAccountClass(AccountClass.CLASS_I).setOpenedAt(Instant.now())
                .setHolderBirthYear(1948).setRegionCode("320623").build()));
        send(topics.accounts().name(), COLLECTION, AvroSerde.of(AccountProfile.class).encode(AccountProfile.newBuilder()
                .setAccountId(COLLECTION).setAccountClass(AccountClass.CLASS_II).setOpenedAt(Instant.now()).build()));
        send(topics.accounts().name(), "6222000000000000404", "not avro".getBytes(StandardCharsets.UTF_8));
        send(topics.linkages().name(), "CARD:" + FRAUD_CARD + "|PHONE:" + MULE_PHONE, AvroSerde.of(Linkage.class)
                .encode(Linkage.newBuilder().setAType(SubjectType.CARD).setAId(FRAUD_CARD).setBType(SubjectType.PHONE)
                        .setBId(MULE_PHONE).setKind(LinkKind.CARD_PHONE).setSource("bank")
                        .setLinkedAt(Instant.now()).build()));
        list(SubjectType.CARD, FRAUD_CARD, ListType.FRAUD_ACCOUNT);
        list(SubjectType.ACCOUNT, FRAUD, ListType.FRAUD_ACCOUNT);
        awaitRestricted("PHONE:+86" + MULE_PHONE, true);
        awaitRestricted("ACCOUNT:" + FRAUD, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> profileVisible(ELDER) && profileVisible(COLLECTION));

        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("it-verifier"), List.of(
                topics.decisions().name(), topics.stopPayments().name(), topics.policeWarnings().name(),
                topics.deadLetters().name()))) {
            // When: payments arrive, one of them twice, with two records no bank should send.
            pay(payment("IT-1", VICTIM, party(FRAUD), 300_000));
            pay(payment("IT-2", VICTIM, party(FRIEND), 5_000));
            pay(payment("IT-1", VICTIM, party(FRAUD), 300_000));
            pay(payment("IT-3", NEIGHBOUR, Party.newBuilder().setAccountId("6222000000000000777").setPhone(MULE_PHONE)
                    .build(), 200_000));
            // Two people's first payments to the young collection account, then an elderly victim's: the
            // third is held (ELDERLY_TO_COLLECTION_ACCOUNT); alone it would be a grandparent's gift, verified.
            pay(PaymentTransaction.newBuilder(payment("IT-4A", NEIGHBOUR, party(COLLECTION), 600_000))
                    .setEventTime(Instant.now().minusSeconds(20)).build());
            pay(PaymentTransaction.newBuilder(payment("IT-4B", FRIEND, party(COLLECTION), 600_000))
                    .setEventTime(Instant.now().minusSeconds(10)).build());
            // Decided means their inflows are recorded in the account's task: the rule is tested here, not
            // the event-time order of note 12 on a loaded machine (EventOrderTopologyTest, OutageReplayIT).
            await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).size() >= 5);
            pay(payment("IT-4", ELDER, party(COLLECTION), 700_000));
            send(topics.payments().name(), VICTIM, new byte[] {0x01, 0x02});
            pay(payment("IT-5", VICTIM, party(FRIEND), -1));
            // A payment is judged on the lists in force when it is judged, which may be a watermark
            // round trip after it arrives (design note 12): the appeal comes once they are decided.
            await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).size() >= 6);

            // And the fraud account wins its appeal; its next payment passes.
            send(topics.lists().name(), "ACCOUNT:" + FRAUD, null);
            awaitRestricted("ACCOUNT:" + FRAUD, false);
            pay(payment("IT-6", FRIEND, party(FRAUD), 300_000));

            // Then: exactly these come out, once each, visible to a read_committed consumer.
            // Every expected record, from every topic: one poll may bring some topics' records before others'.
            await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).size() >= 7
                    && out.records(topics.deadLetters().name()).size() >= 3
                    && out.records(topics.stopPayments().name()).size() >= 3
                    && out.records(topics.policeWarnings().name()).size() >= 3);
            // A little more polling must not reveal anything extra (a duplicate would show up here).
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> out.poll() != null);

            final Map<String, Action> decisions = decode(out.records(topics.decisions().name()), RiskDecision.class)
                    .stream().collect(Collectors.toMap(RiskDecision::getTxnId, RiskDecision::getAction));
            assertThat(out.records(topics.decisions().name())).hasSize(7);
            assertThat(decisions).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "IT-1", Action.STOP_PAYMENT, "IT-2", Action.PASS, "IT-3", Action.STOP_PAYMENT,
                    "IT-4A", Action.REVIEW, "IT-4B", Action.REVIEW, "IT-4", Action.HOLD, "IT-6", Action.PASS));

            final List<StopPaymentAlert> alerts = decode(out.records(topics.stopPayments().name()), StopPaymentAlert.class);
            assertThat(alerts).extracting(StopPaymentAlert::getAlertId).containsExactlyInAnyOrder(
                    Publications.alertId("IT-1"), Publications.alertId("IT-3"), Publications.alertId("IT-4"));
            assertThat(out.records(topics.stopPayments().name())).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(VICTIM, NEIGHBOUR, ELDER);

            final List<PoliceWarning> warnings = decode(out.records(topics.policeWarnings().name()), PoliceWarning.class);
            assertThat(warnings).extracting(PoliceWarning::getTxnId, PoliceWarning::getKind).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("IT-1", WarningKind.FRAUD_ACCOUNT_ACTIVITY),
                    org.assertj.core.groups.Tuple.tuple("IT-4", WarningKind.POTENTIAL_VICTIM),
                    org.assertj.core.groups.Tuple.tuple("IT-4", WarningKind.MULE_SUSPECT));
            assertThat(warnings).allSatisfy(w -> assertThat(w.getPayerMasked()).doesNotContain(VICTIM, ELDER));

            final List<DeadLetter> letters = decode(out.records(topics.deadLetters().name()), DeadLetter.class);
            assertThat(letters).extracting(DeadLetter::getSourceTopic, DeadLetter::getReason).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(topics.accounts().name(), "UNDECODABLE"),
                    org.assertj.core.groups.Tuple.tuple(topics.payments().name(), "UNDECODABLE"),
                    org.assertj.core.groups.Tuple.tuple(topics.payments().name(), "INVALID_AMOUNT"));
        }
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /**
     * A burst outruns the round trip that settles each payment in its payer's task (two commits,
     * here within one poll), so each payment must count towards the daily total from the moment
     * the payer stage sees it, not from its settlement.
     */
    @Test
    void shouldHoldThePaymentOfABurstThatTakesAClassTwoAccountPastItsDailyLimit() throws Exception {
        final String payer = "6222000000000000020";
        send(topics.accounts().name(), payer, AvroSerde.of(AccountProfile.class).encode(AccountProfile.newBuilder()
                .setAccountId(payer).setAccountClass(AccountClass.CLASS_II).setOpenedAt(Instant.now())
                .setRegionCode("320623").build()));
        await().atMost(Duration.ofSeconds(30)).until(() -> profileVisible(payer));

        for (int i = 1; i <= 4; i++) {
            final PaymentTransaction txn = payment("BURST-" + i, payer, party(FRIEND), 300_000);
            producer.send(new ProducerRecord<>(topics.payments().name(), payer.getBytes(StandardCharsets.UTF_8),
                    AvroSerde.of(PaymentTransaction.class).encode(txn)));
        }
        producer.flush();

        try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("it-burst"), List.of(topics.decisions().name()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> decode(out.poll().records(topics.decisions().name()),
                    RiskDecision.class).stream().filter(d -> d.getTxnId().startsWith("BURST-")).count() == 4);
            final Map<String, RiskDecision> burst = decode(out.records(topics.decisions().name()), RiskDecision.class)
                    .stream().filter(d -> d.getTxnId().startsWith("BURST-"))
                    .collect(Collectors.toMap(RiskDecision::getTxnId, d -> d));

            assertThat(burst.get("BURST-4").getAction()).isEqualTo(Action.HOLD);
            assertThat(burst.get("BURST-4").getHits()).extracting(RuleHit::getEvidence).asString()
                    .contains("CNY 9,000.00 before this payment");
            assertThat(List.of("BURST-1", "BURST-2", "BURST-3")).allSatisfy(txnId -> assertThat(
                    burst.get(txnId).getHits()).extracting(RuleHit::getEvidence).asString().doesNotContain("daily limit"));
        }
    }

    /**
     * A feeder on librdkafka (Python, Go, .NET, C/C++, Node) partitions by CRC32 of the key, not
     * murmur2 as Java does (FIELD-NOTES, "Feeds"): its payment lands outside the payer's partition,
     * where the payer's inflows are not. Decisions must not depend on it.
     */
    @Nested
    class MisroutedFeeder {

        private static final int PARTITIONS = 3;

        @Test
        void shouldJudgeAForwardWrittenToTheWrongPartitionOnItsPayersInflows() throws Exception {
            // Given: a relay account whose librdkafka partition is not its Java partition, and an inflow
            // written by a Java feeder (so recorded in the relay's own task)
            final String relay = accountWhereClientsDisagree(0);
            final double misroutedBefore = scraped("stoppay_payments_misrouted_total");
            try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("misrouted-verifier"),
                    List.of(topics.decisions().name()))) {
                pay(payment("MR-IN", "6222000000000000777", party(relay), 2_000_000));
                awaitDecided(out, "MR-IN");

                // When: the relay forwards it, written by a librdkafka feeder
                sendTo(librdkafkaPartition(relay), payment("MR-OUT", relay, party("6222000000000000778"), 1_700_000));

                // Then: judged on the inflow, as if a Java feeder had written it
                final RiskDecision forward = awaitDecided(out, "MR-OUT").stream()
                        .filter(decision -> decision.getTxnId().equals("MR-OUT")).findFirst().orElseThrow();
                assertThat(forward.getAction()).isEqualTo(Action.HOLD);
                assertThat(forward.getHits()).extracting(RuleHit::getRuleId).contains("RAPID_PASS_THROUGH");
            }
            assertThat(scraped("stoppay_payments_misrouted_total") - misroutedBefore).as("only the forward").isEqualTo(1.0);
        }

        @Test
        void shouldDecideEachMisroutedPaymentExactlyOnce() throws Exception {
            final String payer = accountWhereClientsDisagree(1);
            try (OutputCollector out = new OutputCollector(KAFKA.consumerProps("misrouted-once-verifier"),
                    List.of(topics.decisions().name()))) {
                for (int i = 0; i < 5; i++) {
                    sendTo(librdkafkaPartition(payer), payment("MIS-" + i, payer, party("6222000000000000779"), 10_000));
                }
                // The same payment redelivered by the feeder's retry is deduplicated in the payer's task;
                // MIS-5, after it in the same partition, shows when it would have been decided.
                sendTo(librdkafkaPartition(payer), payment("MIS-0", payer, party("6222000000000000779"), 10_000));
                sendTo(librdkafkaPartition(payer), payment("MIS-5", payer, party("6222000000000000779"), 10_000));

                assertThat(awaitDecided(out, "MIS-5").stream().filter(d -> d.getTxnId().startsWith("MIS-")))
                        .extracting(RiskDecision::getTxnId)
                        .containsExactlyInAnyOrder("MIS-0", "MIS-1", "MIS-2", "MIS-3", "MIS-4", "MIS-5");
            }
        }

        /** The {@code nth} account id whose CRC32 partition differs from its murmur2 partition. */
        private static String accountWhereClientsDisagree(final int nth) {
            return IntStream.range(0, 1_000).mapToObj(i -> String.format("62221000%011d", i))
                    .filter(account -> librdkafkaPartition(account) != javaPartition(account))
                    .skip(nth).findFirst().orElseThrow();
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

        private static void sendTo(final int partition, final PaymentTransaction txn) throws Exception {
            producer.send(new ProducerRecord<>(topics.payments().name(), partition,
                    txn.getPayer().getAccountId().getBytes(StandardCharsets.UTF_8),
                    AvroSerde.of(PaymentTransaction.class).encode(txn))).get();
        }

        /** Every decision read so far, once {@code txnId}'s is among them. */
        private static List<RiskDecision> awaitDecided(final OutputCollector out, final String txnId) {
            final AvroSerde<RiskDecision> serde = AvroSerde.of(RiskDecision.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> out.poll().records(topics.decisions().name()).stream()
                    .anyMatch(r -> serde.decode(r.value()).getTxnId().equals(txnId)));
            return out.records(topics.decisions().name()).stream().map(r -> serde.decode(r.value())).toList();
        }

        private static double scraped(final String name) {
            return sample(new HttpCalls(app.metricsPort()).get("/metrics").body(), name);
        }
    }

    private static void pay(final PaymentTransaction txn) throws Exception {
        send(topics.payments().name(), txn.getPayer().getAccountId(), AvroSerde.of(PaymentTransaction.class).encode(txn));
    }

    private static void list(final SubjectType type, final String id, final ListType listType) throws Exception {
        send(topics.lists().name(), type + ":" + id, AvroSerde.of(RiskListEntry.class).encode(RiskListEntry.newBuilder()
                .setSubjectType(type).setSubjectId(id).setListType(listType).setRiskLevel(3).setSource("PSB")
                .setCaseId("IT-CASE").setListedAt(Instant.now()).build()));
    }

    private static void send(final String topic, final String key, final byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    private static PaymentTransaction payment(final String txnId, final String payer, final Party payee,
                                              final long amount) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.now())
                .setChannel(Channel.MOBILE_BANKING).setPayer(party(payer)).setPayee(payee).setAmountMinor(amount)
                .setCurrency("CNY").setRegionCode("320623").build();
    }

    private static Party party(final String account) {
        return Party.newBuilder().setAccountId(account).build();
    }

    private static void awaitRestricted(final String subject, final boolean restricted) {
        await().atMost(Duration.ofSeconds(60)).ignoreException(InvalidStateStoreException.class)
                .until(() -> (store(InterceptionTopology.RESTRICTED_SUBJECTS).get(subject) != null) == restricted);
    }

    private static boolean profileVisible(final String account) {
        try {
            return store(InterceptionTopology.ACCOUNT_PROFILES).get(account) != null;
        } catch (final InvalidStateStoreException e) {
            return false;
        }
    }

    private static org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Object> store(final String name) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            final List<ConsumerRecord<byte[], byte[]>> records, final Class<T> type) {
        final AvroSerde<T> serde = AvroSerde.of(type);
        final Function<ConsumerRecord<byte[], byte[]>, T> decoder = r -> serde.decode(r.value());
        return records.stream().map(decoder).toList();
    }
}
