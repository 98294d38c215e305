package io.stoppay.topology;

import static io.stoppay.topology.Payments.listed;
import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static stoppay.v1.SubjectType.ACCOUNT;
import static stoppay.v1.SubjectType.CARD;
import static stoppay.v1.SubjectType.PHONE;

import io.stoppay.config.StopPayConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.AccountClass;
import stoppay.v1.DeadLetter;
import stoppay.v1.LinkKind;
import stoppay.v1.ListType;
import stoppay.v1.PaymentTransaction;

/**
 * Bad input goes to the dead-letter topic, whole and with its reason, and processing goes on.
 */
class DeadLetterTopologyTest {

    private static final String PAYER = "6222020200112233445";
    private static final String PAYEE = "6217000011112222333";

    private InterceptionDriver stopPay = new InterceptionDriver();

    @AfterEach
    void close() {
        stopPay.close();
    }

    static Stream<Arguments> impossiblePayments() {
        return Stream.of(
                Arguments.of("MISSING_TXN_ID", payment("", PAYER, PAYEE, 100).build()),
                Arguments.of("MISSING_PAYER_ACCOUNT", payment("T1", " ", PAYEE, 100).build()),
                Arguments.of("MISSING_PAYEE_ACCOUNT", payment("T1", PAYER, "", 100).build()),
                Arguments.of("INVALID_AMOUNT", payment("T1", PAYER, PAYEE, 0).build()),
                Arguments.of("INVALID_AMOUNT", payment("T1", PAYER, PAYEE, -500).build()),
                Arguments.of("INVALID_AMOUNT", payment("T1", PAYER, PAYEE, Long.MAX_VALUE).build()),
                Arguments.of("FIELD_TOO_LONG", payment("T1", PAYER, PAYEE, 100).setDeviceId("D".repeat(5_000)).build()),
                Arguments.of("UNKNOWN_CURRENCY", payment("T1", PAYER, PAYEE, 100).setCurrency("XYZ").build()),
                Arguments.of("UNKNOWN_CURRENCY", payment("T1", PAYER, PAYEE, 100).setCurrency("cny").build()),
                Arguments.of("INVALID_EVENT_TIME", payment("T1", PAYER, PAYEE, 100)
                        .setEventTime(java.time.Instant.EPOCH.minusSeconds(1)).build()),
                Arguments.of("INVALID_EVENT_TIME", payment("T1", PAYER, PAYEE, 100)
                        .setEventTime(java.time.Instant.ofEpochMilli(Payments.T0.getEpochSecond())).build()),
                Arguments.of("INVALID_EVENT_TIME", payment("T1", PAYER, PAYEE, 100)
                        .setEventTime(java.time.Instant.parse("1999-12-31T23:59:59Z")).build()),
                Arguments.of("STALE_EVENT_TIME", payment("T1", PAYER, PAYEE, 100)
                        .setEventTime(Payments.T0.minus(Duration.ofDays(1)).minusMillis(1)).build()),
                Arguments.of("FUTURE_EVENT_TIME", payment("T1", PAYER, PAYEE, 100)
                        .setEventTime(Payments.T0.plus(Duration.ofMinutes(6))).build()));
    }

    @Test
    void shouldRefuseAPaymentFromTheFutureEvenWhenItsKafkaTimestampIsAsFarAhead() {
        // A feeder's CreateTime equal to a wrong eventTime: 50 minutes ahead of this clock.
        final java.time.Instant ahead = java.time.Instant.now().plus(Duration.ofMinutes(50));
        final PaymentTransaction future = payment("T1", PAYER, PAYEE, 100).setEventTime(ahead).build();

        stopPay.pay(PAYER, future, ahead);

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason()).containsExactly("FUTURE_EVENT_TIME");
        assertThat(stopPay.decisions()).isEmpty();
    }

    @ParameterizedTest(name = "Kafka timestamp {0}")
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z"})
    void shouldBlameTheKafkaTimestampNotTheEventTimeWhenTheTimestampIsTheImplausibleOne(final String kafkaTimestamp) {
        stopPay.pay(PAYER, payment("T1", PAYER, PAYEE, 100).build(), java.time.Instant.parse(kafkaTimestamp));

        final DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReason()).isEqualTo("INVALID_KAFKA_TIMESTAMP");
        assertThat(letter.getError()).contains("Kafka timestamp " + java.time.Instant.parse(kafkaTimestamp), "CreateTime");
        assertThat(stopPay.decisions()).isEmpty();
    }

    @Test
    void shouldDecideAReplayWithinTheBehaviourRetention() {
        final PaymentTransaction replayed = payment("T1", PAYER, PAYEE, 100)
                .setEventTime(Payments.T0.minus(Duration.ofHours(23))).build();

        stopPay.pay(PAYER, replayed, Payments.T0);

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.onlyDecision().getEventTime()).isEqualTo(replayed.getEventTime());
    }

    @Test
    void shouldTakeTheLongestPastAgeFromItsOwnSetting() {
        stopPay.close();
        stopPay = new InterceptionDriver(Map.of(StopPayConfig.MAX_PAST_AGE_MS, String.valueOf(Duration.ofHours(1).toMillis())));

        stopPay.pay(PAYER, payment("T1", PAYER, PAYEE, 100).setEventTime(Payments.T0.minus(Duration.ofMinutes(59))).build(),
                        Payments.T0)
                .pay(PAYER, payment("T2", PAYER, PAYEE, 100).setEventTime(Payments.T0.minus(Duration.ofMinutes(61))).build(),
                        Payments.T0);

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("T1");
        assertThat(onlyDeadLetter().getReason()).isEqualTo("STALE_EVENT_TIME");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impossiblePayments")
    void shouldSendAnImpossiblePaymentToTheDeadLetterTopicWithItsReason(final String reason,
                                                                       final PaymentTransaction txn) {
        stopPay.pay(txn.getPayer().getAccountId(), txn, Payments.T0);

        final DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getError()).isNotBlank();
        assertThat(letter.getSourceTopic()).isEqualTo("payments.transactions.v1");
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(bytes(letter.getValue())).isEqualTo(InterceptionDriver.encode(txn));
        assertThat(stopPay.decisions()).isEmpty();
    }

    @Test
    void shouldRejectAPaymentNotKeyedByItsPayer() {
        final PaymentTransaction txn = payment("T1", PAYER, PAYEE, 100).build();

        stopPay.pay("someone-else", txn, Payments.T0);

        final DeadLetter letter = onlyDeadLetter();
        assertThat(letter.getReason()).isEqualTo("KEY_MISMATCH");
        assertThat(new String(bytes(letter.getKey()))).isEqualTo("someone-else");
    }

    /**
     * Under exactly-once, TopologyTestDriver's mock producer drops the dead-letter record that the
     * deserialization handler sends (it is sent before the driver's transaction begins), so this
     * test runs at-least-once; {@code InterceptionIT} proves the same over a real broker under
     * exactly-once.
     */
    @Test
    void shouldSendUndecodableBytesToTheDeadLetterTopicAndDecideTheNextPayment() {
        final byte[] garbage = {0x01, 0x02, 0x03};
        stopPay.close();
        stopPay = new InterceptionDriver(Map.of(StopPayConfig.PROCESSING_GUARANTEE, StreamsConfig.AT_LEAST_ONCE));

        stopPay.payRaw(InterceptionDriver.utf8(PAYER), garbage)
                .pay(payment("T2", PAYER, PAYEE, 100).build());

        final List<KeyValue<byte[], DeadLetter>> letters = stopPay.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key).isEqualTo(InterceptionDriver.utf8(PAYER));
        final DeadLetter letter = letters.get(0).value;
        assertThat(letter.getReason()).isEqualTo("UNDECODABLE");
        assertThat(letter.getError()).contains("cannot decode PaymentTransaction");
        assertThat(bytes(letter.getValue())).isEqualTo(garbage);
        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactly("T2");
    }

    @Test
    void shouldKeepATombstoneOnThePaymentsTopicAsADeadLetter() {
        stopPay.payRaw(InterceptionDriver.utf8(PAYER), null);

        assertThat(onlyDeadLetter().getReason()).isEqualTo("MISSING_VALUE");
    }

    /** Age rules read openedAt: an account opened after its profile was published would read as new. */
    @Test
    void shouldRejectAProfileOpenedAfterItWasPublishedBeyondADaysLeeway() {
        stopPay.account(Payments.account(PAYER, AccountClass.CLASS_I).setOpenedAt(Payments.T0.plus(Duration.ofDays(30)))
                        .build())
                .account(Payments.account(PAYEE, AccountClass.CLASS_I).setOpenedAt(Payments.T0.plus(Duration.ofHours(12)))
                        .build());

        assertThat(onlyDeadLetter()).satisfies(letter -> {
            assertThat(letter.getReason()).isEqualTo("INVALID_OPENED_AT");
            assertThat(new String(bytes(letter.getKey()))).isEqualTo(PAYER);
        });
    }

    @Test
    void shouldRejectListEntriesThatContradictTheirKeyOrHaveAnImpossibleRiskLevel() {
        stopPay.listWithKey("ACCOUNT:other", listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build())
                .list(listed(ACCOUNT, "B", ListType.FRAUD_ACCOUNT).setRiskLevel(7).build())
                .listWithKey("no-type-here", null);

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("KEY_MISMATCH", "INVALID_RISK_LEVEL", "INVALID_KEY");
        assertThat(stopPay.statusOf(ACCOUNT, "A")).isNull();
        assertThat(stopPay.statusOf(ACCOUNT, "B")).isNull();
    }

    /** Blank ids under either key form: each its own dead letter, and the graph goes on (an attack found PROCESSING_ERROR). */
    @Test
    void shouldRejectListEntriesWithABlankIdAsMissingSubjectAndGoOn() {
        stopPay.listWithKey("ACCOUNT:zz|S", listed(ACCOUNT, "", ListType.FRAUD_ACCOUNT).setSource("S").build())
                .listWithKey("ACCOUNT:yy", listed(ACCOUNT, " ", ListType.FRAUD_ACCOUNT).build())
                .listWithKey("PHONE:13912345678|S", listed(PHONE, "\u3000", ListType.FRAUD_ACCOUNT).setSource("S").build())
                .list(listed(ACCOUNT, "B", ListType.FRAUD_ACCOUNT).build());

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("MISSING_SUBJECT", "MISSING_SUBJECT", "MISSING_SUBJECT");
        assertThat(stopPay.statusOf(ACCOUNT, "B").getRestrictions()).isNotEmpty();
    }

    @Test
    void shouldRejectLinkagesThatContradictTheirKeyOrLinkASubjectToItself() {
        stopPay.linkWithKey("ACCOUNT:A|CARD:6228480000000009", Payments.link(ACCOUNT, "A", CARD, "6228480000000001", LinkKind.ACCOUNT_CARD))
                .linkWithKey("ACCOUNT:A|ACCOUNT:A", Payments.link(ACCOUNT, "A", ACCOUNT, "A", LinkKind.ACCOUNT_CARD))
                .linkWithKey("ACCOUNT:A", null);

        assertThat(stopPay.deadLetters()).extracting(kv -> kv.value.getReason())
                .containsExactly("KEY_MISMATCH", "SELF_LINK", "INVALID_KEY");
    }

    @Test
    void shouldAcceptALinkageKeyedWithItsSidesTheOtherWayRound() {
        stopPay.linkWithKey("CARD:6228-4800-0000-0001|ACCOUNT:A", Payments.link(ACCOUNT, "A", CARD, "6228 4800 0000 0001", LinkKind.ACCOUNT_CARD))
                .list(listed(ACCOUNT, "A", ListType.FRAUD_ACCOUNT).build());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.statusOf(CARD, "6228480000000001")).isNotNull();
    }

    private DeadLetter onlyDeadLetter() {
        final List<KeyValue<byte[], DeadLetter>> letters = stopPay.deadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0).value;
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
