package io.stoppay.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.behaviour.FlowBucket.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import stoppay.internal.v1.Flow;

class FlowBucketTest {

    private static final int MAX = 1000;

    @Test
    void shouldReadBackEachDirectionNewestFirstWithinItsWindow() {
        byte[] bucket = null;
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-1", 100), MAX);
        bucket = FlowBucket.with(bucket, Direction.OUT, flow("OUT-1", 150), MAX);
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-2", 200), MAX);
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-3", 300), MAX);

        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, MAX)).containsExactly("IN-3", "IN-2", "IN-1");
        assertThat(txnIds(bucket, Direction.OUT, 0, Long.MAX_VALUE, MAX)).containsExactly("OUT-1");
        assertThat(txnIds(bucket, Direction.IN, 200, 299, MAX)).as("both ends inclusive").containsExactly("IN-2");
        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, 2)).containsExactly("IN-3", "IN-2");
    }

    @Test
    void shouldPlaceALatePaymentAtItsEventTimeAndTheLaterOfOneMillisecondAsTheNewer() {
        byte[] bucket = null;
        bucket = FlowBucket.with(bucket, Direction.IN, flow("A", 300), MAX);
        bucket = FlowBucket.with(bucket, Direction.IN, flow("LATE", 100), MAX);
        bucket = FlowBucket.with(bucket, Direction.IN, flow("B", 300), MAX);

        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, MAX)).containsExactly("B", "A", "LATE");
    }

    @Test
    void shouldForgetTheOldestOfAFullDirectionOnly() {
        byte[] bucket = FlowBucket.with(null, Direction.OUT, flow("OUT", 50), 3);
        for (int i = 1; i <= 5; i++) {
            bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-" + i, 100L * i), 3);
        }
        final byte[] full = bucket;
        bucket = FlowBucket.with(bucket, Direction.IN, flow("TOO-OLD", 10), 3);

        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, MAX)).containsExactly("IN-5", "IN-4", "IN-3");
        assertThat(txnIds(bucket, Direction.OUT, 0, Long.MAX_VALUE, MAX)).containsExactly("OUT");
        assertThat(bucket).as("a payment older than a full direction's oldest is not kept").isEqualTo(full);
    }

    @Test
    void shouldTellWhetherItHoldsAPaymentAtItsTime() {
        final byte[] bucket = FlowBucket.with(null, Direction.IN, flow("PAST", 100), MAX);

        assertThat(FlowBucket.holds(bucket, Direction.IN, 100, "PAST")).isTrue();
        assertThat(FlowBucket.holds(bucket, Direction.OUT, 100, "PAST")).isFalse();
        assertThat(FlowBucket.holds(bucket, Direction.IN, 101, "PAST")).isFalse();
        assertThat(FlowBucket.holds(null, Direction.IN, 100, "PAST")).isFalse();
    }

    @Test
    void shouldRefuseBytesOfAnotherFormatByName() {
        assertThatThrownBy(() -> FlowBucket.holds(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0}, Direction.IN, 1, "T"))
                .isInstanceOf(SerializationException.class).hasMessageContaining("flow bucket");
    }

    private static List<String> txnIds(final byte[] bucket, final Direction direction, final long from, final long until,
                                       final int max) {
        final List<Flow> flows = new ArrayList<>();
        FlowBucket.newestInto(flows, bucket, direction, from, until, max);
        return flows.stream().map(Flow::getTxnId).toList();
    }

    private static Flow flow(final String txnId, final long timeMs) {
        return new Flow(txnId, Instant.ofEpochMilli(timeMs), "COUNTERPARTY", 100_00L, false, false, null, null, null);
    }
}
