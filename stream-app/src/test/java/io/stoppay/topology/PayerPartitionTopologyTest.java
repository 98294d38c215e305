package io.stoppay.topology;

import static io.stoppay.topology.Payments.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.stoppay.ordering.OrderingSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import stoppay.v1.Action;
import stoppay.v1.PaymentTransaction;

/**
 * The test driver reads every payment from partition 0 of a payments topic the app is told has
 * six partitions: a payer whose Java (murmur2) partition is another one arrived misrouted, as a
 * librdkafka feeder's would, and is re-routed before its payer stage. {@code InterceptionIT.MisroutedFeeder}
 * proves the same over a real broker with several tasks.
 */
class PayerPartitionTopologyTest {

    private static final int PARTITIONS = 6;
    private static final String PAYEE = "6217000011112222333";

    private final InterceptionDriver stopPay = new InterceptionDriver(Map.of(),
            Map.of(OrderingSettings.UPSTREAMS_PROPERTY, String.valueOf(PARTITIONS)));

    @AfterEach
    void close() {
        stopPay.close();
    }

    @Test
    void shouldReRouteAndCountOnlyPaymentsOutsideTheirPayersPartitionAndDecideEachOnce() {
        final String routed = payerInPartition(true);
        final String misrouted = payerInPartition(false);

        stopPay.pay(payment("T1", routed, PAYEE, 10_000).build())
                .pay(payment("T2", misrouted, PAYEE, 10_000).build())
                .pay(payment("T3", misrouted, PAYEE, 10_000).build());

        assertThat(stopPay.decisions()).extracting(kv -> kv.key).containsExactlyInAnyOrder("T1", "T2", "T3");
        assertThat(stopPay.metrics.registry().get("stoppay.payments.misrouted").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldJudgeAReRoutedPaymentOnItsPayersHistory() {
        final String relay = payerInPartition(false);

        stopPay.pay(payment("IN", payerInPartition(true), relay, 2_000_000).build())
                .pay(payment("OUT", relay, PAYEE, 1_700_000)
                        .setEventTime(Payments.T0.plus(java.time.Duration.ofMinutes(6))).build());

        assertThat(stopPay.decisions()).filteredOn(kv -> kv.key.equals("OUT")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getAction()).isEqualTo(Action.HOLD));
    }

    @Test
    void shouldReRouteAPaymentKeyedWithBlanksInsideItsPayersIdAndJudgeItOnThatPayersHistory() {
        // Partitioned by the feeder under the id as written; its payer's history is under the id without blanks.
        final String relay = payerInPartition(false);
        final String written = relay.substring(0, 4) + " " + relay.substring(4, 10) + "\u200B" + relay.substring(10);
        final PaymentTransaction out = payment("OUT", written, PAYEE, 1_700_000)
                .setEventTime(Payments.T0.plus(java.time.Duration.ofMinutes(6))).build();

        stopPay.pay(payment("IN", payerInPartition(true), relay, 2_000_000).build())
                .pay(written, out, out.getEventTime());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.metrics.registry().get("stoppay.payments.misrouted").counter().count()).isEqualTo(1.0);
        assertThat(stopPay.decisions()).filteredOn(kv -> kv.key.equals("OUT")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getAction()).as("judged on the inflow").isEqualTo(Action.HOLD));
    }

    @Test
    void shouldDecideAPaymentWithoutAKeyAsItsPayersOwn() {
        final String relay = payerInPartition(false);
        final PaymentTransaction in = payment("IN", payerInPartition(true), relay, 2_000_000).build();
        final PaymentTransaction out = payment("OUT", relay, PAYEE, 1_700_000)
                .setEventTime(Payments.T0.plus(java.time.Duration.ofMinutes(6))).build();

        stopPay.pay(null, in, in.getEventTime()).pay(null, out, out.getEventTime());

        assertThat(stopPay.deadLetters()).isEmpty();
        assertThat(stopPay.decisions()).filteredOn(kv -> kv.key.equals("OUT")).singleElement()
                .satisfies(kv -> assertThat(kv.value.getAction()).as("judged on the inflow").isEqualTo(Action.HOLD));
    }

    private static String payerInPartition(final boolean zero) {
        return IntStream.range(0, 1_000).mapToObj(i -> String.format("62220202001%08d", i))
                .filter(id -> (BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), PARTITIONS) == 0) == zero)
                .findFirst().orElseThrow();
    }
}
