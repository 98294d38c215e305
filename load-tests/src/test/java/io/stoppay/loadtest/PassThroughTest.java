package io.stoppay.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.schemas.AvroSerde;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/** The references: each payment written once; the floor keeps both accounts' running totals on the way. */
class PassThroughTest {

    private static final AvroSerde<PaymentTransaction> SERDE = AvroSerde.of(PaymentTransaction.class);

    @Test
    void theTwoStageFloorKeepsEachPayersAndEachPayeesTotalAndWritesEveryPaymentOnce() {
        try (TopologyTestDriver driver = driver(PassThrough.Shape.TWO_STAGE_FLOOR)) {
            final TestInputTopic<String, PaymentTransaction> in = driver.createInputTopic("in",
                    Serdes.String().serializer(), SERDE.serializer());
            final TestOutputTopic<String, PaymentTransaction> out = driver.createOutputTopic("out",
                    Serdes.String().deserializer(), SERDE.deserializer());
            in.pipeInput("A", payment("t1", "A", "B", 100_00));
            in.pipeInput("A", payment("t2", "A", "C", 250_00));
            in.pipeInput("C", payment("t3", "C", "B", 7_00));

            assertThat(out.readValuesToList()).extracting(PaymentTransaction::getTxnId).containsExactly("t1", "t2", "t3");
            final KeyValueStore<String, Long> sent = driver.getKeyValueStore(PassThrough.PAYER_TOTALS);
            final KeyValueStore<String, Long> received = driver.getKeyValueStore(PassThrough.PAYEE_TOTALS);
            assertThat(sent.get("A")).isEqualTo(350_00L);
            assertThat(sent.get("C")).isEqualTo(7_00L);
            assertThat(received.get("B")).isEqualTo(107_00L);
            assertThat(received.get("C")).isEqualTo(250_00L);
            assertThat(received.get("A")).isNull();
        }
    }

    @Test
    void thePassThroughWritesEveryPaymentOnceAndKeepsNoState() {
        try (TopologyTestDriver driver = driver(PassThrough.Shape.PASS_THROUGH)) {
            final TestInputTopic<String, PaymentTransaction> in = driver.createInputTopic("in",
                    Serdes.String().serializer(), SERDE.serializer());
            in.pipeInput("A", payment("t1", "A", "B", 100_00));

            assertThat(driver.createOutputTopic("out", Serdes.String().deserializer(), SERDE.deserializer()).readKeyValuesToList())
                    .singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("A"));
            assertThat(driver.getAllStateStores()).isEmpty();
        }
    }

    @Test
    void aShapeIsNamedByItsLabelAndAnUnknownOneIsRefusedNamingTheLabels() {
        assertThat(PassThrough.Shape.of("two-stage-floor")).isEqualTo(PassThrough.Shape.TWO_STAGE_FLOOR);
        assertThatThrownBy(() -> PassThrough.Shape.of("floor"))
                .hasMessage("unknown shape 'floor': pass-through or two-stage-floor");
    }

    private static TopologyTestDriver driver(final PassThrough.Shape shape) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pass-through-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(PassThrough.topology(shape, "in", "out"), props);
    }

    private static PaymentTransaction payment(final String txnId, final String payer, final String payee,
                                              final long amountMinor) {
        return PaymentTransaction.newBuilder().setTxnId(txnId).setEventTime(Instant.parse("2026-12-02T01:00:00Z"))
                .setChannel(Channel.MOBILE_BANKING)
                .setPayer(Party.newBuilder().setAccountId(payer).build())
                .setPayee(Party.newBuilder().setAccountId(payee).build())
                .setAmountMinor(amountMinor).setCurrency("CNY").setRegionCode("110101").build();
    }
}
