package io.stoppay.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.internals.DefaultStreamPartitioner;
import org.junit.jupiter.api.Test;

/** Which partitions a payer stage sends its watermarks to on their own (design note 12). */
class WatermarkSendsTest {

    private static final long T = 1_800_000_000_000L;
    private static final long EVERY_MS = 100;

    @Test
    void shouldSendEveryPartitionTheFirstWatermarks() {
        final WatermarkSends sends = new WatermarkSends(3);
        final EventOrder order = order(T);

        assertThat(sends.due(order, T, EVERY_MS)).containsExactly(0, 1, 2);
    }

    @Test
    void shouldSendNothingToAPartitionThatHadARecordWithinTheInterval() {
        final WatermarkSends sends = new WatermarkSends(3);
        final EventOrder order = order(T);
        sends.sent(1, order, T);
        order.read(T + 10, T + 10);

        assertThat(sends.due(order, T + EVERY_MS - 1, EVERY_MS)).containsExactly(0, 2);
        assertThat(sends.due(order, T + EVERY_MS, EVERY_MS)).containsExactly(0, 1, 2);
    }

    @Test
    void shouldSendNothingToAPartitionThatHasTheCurrentWatermarks() {
        final WatermarkSends sends = new WatermarkSends(2);
        final EventOrder order = order(T);
        sends.sent(0, order, T);
        sends.sent(1, order, T);

        assertThat(sends.due(order, T + 10 * EVERY_MS, EVERY_MS)).isEmpty();
    }

    /** Payments carry the watermarks to their payee's partition: the one Kafka Streams sends them to. */
    @Test
    void shouldPlaceAPayeeWhereKafkaStreamsPlacesItsPayment() {
        final DefaultStreamPartitioner<String, Object> streams = new DefaultStreamPartitioner<>(Serdes.String().serializer());
        for (int i = 0; i < 200; i++) {
            final String payee = "6217" + i;
            assertThat(Optional.of(Set.of(WatermarkSends.partitionOf(payee, 6))))
                    .isEqualTo(streams.partitions("payments-by-payee", payee, null, 6));
        }
    }

    private static EventOrder order(final long readUpTo) {
        final EventOrder order = EventOrder.load(EventOrderTest.store(), 3);
        order.read(readUpTo, readUpTo);
        return order;
    }
}
