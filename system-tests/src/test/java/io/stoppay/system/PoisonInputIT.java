package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
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
import stoppay.v1.RiskListEntry;
import stoppay.v1.RuleConfig;
import stoppay.v1.RuleSet;
import stoppay.v1.SubjectType;

/**
 * Poison at every input topic while good payments flow: random bytes, truncated Avro, a wrong
 * schema fingerprint, an unknown enum symbol, huge strings, absurd amounts and timestamps, and
 * list, linkage, profile and ruleset records that decode but make no sense. Every bad record
 * lands in the dead-letter topic exactly once with its reason and its exact source position,
 * every good payment is decided, and the instance never stops.
 */
class PoisonInputIT {

    private static final Random RANDOM = new Random(23);

    @TempDir
    Path work;

    @Test
    void shouldDeadLetterEveryBadRecordOnceAndDecideEveryGoodOne() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 19);
             KafkaProducer<String, byte[]> producer = producer(fixture.bootstrapServers())) {
            final StopPayInstance instance = fixture.instance("poison").start();
            fixture.awaitReferenceData(instance);
            fixture.feed().start(ReliabilityFixture.paymentsFor(3), ReliabilityFixture.RATE, Integer.MAX_VALUE);

            final Map<String, String> expectedReasons = new HashMap<>();
            for (final ProducerRecord<String, byte[]> poison : poison(fixture)) {
                final RecordMetadata sent = producer.send(poison).get();
                expectedReasons.put(position(sent.topic(), sent.partition(), sent.offset()),
                        new String(poison.headers().lastHeader("expect").value(), StandardCharsets.UTF_8));
            }
            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));
            final PublishedOutputs letters = await().atMost(Duration.ofMinutes(2)).until(fixture::outputsNow,
                    now -> positions(now.deadLetters()).keySet().containsAll(expectedReasons.keySet()));

            final Map<String, List<DeadLetter>> byPosition = positions(letters.deadLetters());
            assertThat(byPosition.keySet()).as("dead letters, by source position").isEqualTo(expectedReasons.keySet());
            assertThat(byPosition.values()).as("dead letters per bad record").allMatch(list -> list.size() == 1);
            expectedReasons.forEach((position, reason) -> {
                final DeadLetter letter = byPosition.get(position).get(0);
                assertThat(letter.getReason()).as("reason of " + position).matches(reason);
                assertThat(letter.getError()).as("error of " + position).isNotBlank();
            });
            assertThat(out.decisions().keySet()).as("good payments decided").isEqualTo(fixture.feed().labels().keySet());
            assertThat(instance.ready()).as("the instance still runs and is ready").isTrue();
            ReliabilityFixture.record("poison input", expectedReasons.size() + " bad records at 5 input topics, each "
                    + "dead-lettered once with its reason; " + out.decisions().size() + " good payments decided");
        }
    }

    /** Bad records, each with an {@code expect} header: a regular expression its dead letter's reason must match. */
    private static List<ProducerRecord<String, byte[]>> poison(final ReliabilityFixture fixture) {
        final var topics = fixture.topics();
        final List<ProducerRecord<String, byte[]>> bad = new ArrayList<>();
        final PaymentTransaction good = payment("FUZZ-GOOD", 1_000);
        final byte[] valid = AvroSerde.of(PaymentTransaction.class).encode(good);
        final String undecodable = "UNDECODABLE";
        for (final Topic<?, ?> topic : List.of(topics.payments(), topics.lists(), topics.linkages(), topics.accounts(),
                topics.rules())) {
            for (int i = 0; i < 5; i++) {
                bad.add(record(topic.name(), "ACC-P1", randomBytes(RANDOM.nextInt(200)), undecodable));
            }
            bad.add(record(topic.name(), "ACC-P1", new byte[0], undecodable));
            bad.add(record(topic.name(), "ACC-P1", Arrays.copyOf(valid, valid.length / 2), undecodable));
            final byte[] wrongFingerprint = valid.clone();
            wrongFingerprint[4] ^= 0x55;
            bad.add(record(topic.name(), "ACC-P1", wrongFingerprint, undecodable));
        }
        bad.add(record(topics.payments().name(), "ACC-P1", unknownChannelSymbol(valid), undecodable));
        bad.add(record(topics.payments().name(), "ACC-P1", null, "MISSING_VALUE"));
        bad.add(payment(topics.payments().name(), "ACC-P1", with(good).setDeviceId("D".repeat(100_000)).build(),
                "FIELD_TOO_LONG"));
        bad.add(payment(topics.payments().name(), "ACC-P1", with(good).setAmountMinor(Long.MAX_VALUE).build(),
                "INVALID_AMOUNT"));
        bad.add(payment(topics.payments().name(), "ACC-P1", with(good).setAmountMinor(-1).build(), "INVALID_AMOUNT"));
        bad.add(payment(topics.payments().name(), "ACC-P1",
                with(good).setEventTime(Instant.parse("9999-12-31T00:00:00Z")).build(), "FUTURE_EVENT_TIME"));
        bad.add(payment(topics.payments().name(), "ACC-P1", with(good).setEventTime(Instant.ofEpochMilli(-5)).build(),
                "INVALID_EVENT_TIME"));
        bad.add(payment(topics.payments().name(), "ACC-P1",
                with(good).setEventTime(Instant.ofEpochMilli(Instant.now().getEpochSecond())).build(), "INVALID_EVENT_TIME"));
        bad.add(payment(topics.payments().name(), "ACC-P1",
                with(good).setEventTime(Instant.now().minus(java.time.Duration.ofDays(3))).build(), "STALE_EVENT_TIME"));
        bad.add(payment(topics.payments().name(), "SOMEONE-ELSE", good, "KEY_MISMATCH"));
        bad.add(record(topics.lists().name(), "ACCOUNT:FUZZ-1", AvroSerde.of(RiskListEntry.class).encode(
                listEntry("FUZZ-1", 99)), "INVALID_RISK_LEVEL"));
        bad.add(record(topics.lists().name(), "not a subject key", AvroSerde.of(RiskListEntry.class).encode(
                listEntry("FUZZ-1", 2)), "INVALID_KEY"));
        bad.add(record(topics.lists().name(), "ACCOUNT:" + "9".repeat(5_000), AvroSerde.of(RiskListEntry.class).encode(
                listEntry("9".repeat(5_000), 2)), "FIELD_TOO_LONG"));
        bad.add(record(topics.linkages().name(), "CARD:6228480012345678|CARD:6228 4800 1234 5678",
                AvroSerde.of(Linkage.class).encode(Linkage.newBuilder()
                        .setAType(SubjectType.CARD).setAId("6228480012345678")
                        .setBType(SubjectType.CARD).setBId("6228-4800-1234-5678")
                        .setKind(LinkKind.CARD_PHONE).setSource("fuzz").setLinkedAt(Instant.now()).build()),
                "SELF_LINK"));
        bad.add(record(topics.linkages().name(), "CARD:C1|PHONE:+86 139 1234 5678", AvroSerde.of(Linkage.class).encode(
                Linkage.newBuilder().setAType(SubjectType.CARD).setAId("C1").setBType(SubjectType.PHONE)
                        .setBId("+86 139 1234 5678").setKind(LinkKind.CARD_PHONE).setSource("fuzz")
                        .setLinkedAt(Instant.now()).build()),
                "UNREADABLE_IDENTIFIER"));
        bad.add(record(topics.accounts().name(), "ACC-OTHER", AvroSerde.of(AccountProfile.class).encode(
                AccountProfile.newBuilder().setAccountId("ACC-FUZZ").setAccountClass(AccountClass.CLASS_I)
                        .setOpenedAt(Instant.now()).setRegionCode("310000").build()), "KEY_MISMATCH"));
        bad.add(record(topics.rules().name(), "default", AvroSerde.of(RuleSet.class).encode(RuleSet.newBuilder()
                .setRulesetId("default").setVersion("fuzz-1").setPublishedAt(Instant.now())
                .setRules(List.of(RuleConfig.newBuilder().setRuleId("NO_SUCH_RULE").setAction(Action.STOP_PAYMENT)
                        .setWeight(100).build())).build()), "UNKNOWN_RULE"));
        return bad;
    }

    /** The valid encoding with the channel's enum index (right after txnId and eventTime) far out of range. */
    private static byte[] unknownChannelSymbol(final byte[] valid) {
        final byte[] bytes = valid.clone();
        int at = 10;
        final long txnIdLength = zigzagVarint(bytes, at);
        at = skipVarint(bytes, at) + (int) txnIdLength;
        at = skipVarint(bytes, at);
        bytes[at] = 0x78; // zigzag(60): no Channel has 61 symbols
        return bytes;
    }

    private static long zigzagVarint(final byte[] bytes, final int at) {
        long raw = 0;
        int shift = 0;
        int i = at;
        while (true) {
            final int b = bytes[i++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
            shift += 7;
        }
    }

    private static int skipVarint(final byte[] bytes, final int at) {
        int i = at;
        while ((bytes[i++] & 0x80) != 0) {
            // continuation byte
        }
        return i;
    }

    private static PaymentTransaction payment(final String txnId, final long amountMinor) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.now())
                .setChannel(Channel.values()[0]).setPayer(party("ACC-P1")).setPayee(party("ACC-P2"))
                .setAmountMinor(amountMinor).setCurrency("CNY").build();
    }

    private static PaymentTransaction.Builder with(final PaymentTransaction txn) {
        return PaymentTransaction.newBuilder(txn);
    }

    private static Party party(final String account) {
        return Party.newBuilder().setAccountId(account).build();
    }

    private static RiskListEntry listEntry(final String account, final int riskLevel) {
        return RiskListEntry.newBuilder().setSubjectType(SubjectType.ACCOUNT).setSubjectId(account)
                .setListType(ListType.FRAUD_ACCOUNT).setRiskLevel(riskLevel).setSource("fuzz")
                .setListedAt(Instant.now()).build();
    }

    private static ProducerRecord<String, byte[]> payment(final String topic, final String key,
                                                          final PaymentTransaction txn, final String expect) {
        return record(topic, key, AvroSerde.of(PaymentTransaction.class).encode(txn), expect);
    }

    private static ProducerRecord<String, byte[]> record(final String topic, final String key, final byte[] value,
                                                         final String expect) {
        final ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("expect", expect.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static byte[] randomBytes(final int length) {
        final byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, List<DeadLetter>> positions(final List<DeadLetter> letters) {
        return letters.stream().filter(d -> !d.getSourceTopic().contains("repartition"))
                .collect(Collectors.groupingBy(d -> position(d.getSourceTopic(), d.getSourcePartition(),
                        d.getSourceOffset())));
    }

    private static String position(final String topic, final int partition, final long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static KafkaProducer<String, byte[]> producer(final String bootstrapServers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}
