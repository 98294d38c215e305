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
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-1", 100));
        bucket = FlowBucket.with(bucket, Direction.OUT, flow("OUT-1", 150));
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-2", 200));
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-3", 300));

        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, MAX)).containsExactly("IN-3", "IN-2", "IN-1");
        assertThat(txnIds(bucket, Direction.OUT, 0, Long.MAX_VALUE, MAX)).containsExactly("OUT-1");
        assertThat(txnIds(bucket, Direction.IN, 200, 299, MAX)).as("both ends inclusive").containsExactly("IN-2");
        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, 2)).containsExactly("IN-3", "IN-2");
    }

    @Test
    void shouldPlaceALatePaymentAtItsEventTimeAndTheLaterOfOneMillisecondAsTheNewer() {
        byte[] bucket = null;
        bucket = FlowBucket.with(bucket, Direction.IN, flow("A", 300));
        bucket = FlowBucket.with(bucket, Direction.IN, flow("LATE", 100));
        bucket = FlowBucket.with(bucket, Direction.IN, flow("B", 300));

        assertThat(txnIds(bucket, Direction.IN, 0, Long.MAX_VALUE, MAX)).containsExactly("B", "A", "LATE");
    }

    @Test
    void shouldBeFullAtItsCapacityAndOverflowOneDirectionOnly() {
        byte[] bucket = FlowBucket.with(null, Direction.OUT, flow("OUT", 50));
        for (int i = 1; i < FlowBucket.CAPACITY; i++) {
            bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-" + i, 100L * i));
        }
        assertThat(FlowBucket.full(bucket, Direction.IN)).isFalse();
        bucket = FlowBucket.with(bucket, Direction.IN, flow("IN-LAST", 100_000));
        assertThat(FlowBucket.full(bucket, Direction.IN)).isTrue();
        assertThat(FlowBucket.full(bucket, Direction.OUT)).isFalse();

        final byte[] overflowed = FlowBucket.overflowing(bucket, Direction.IN);

        assertThat(FlowBucket.overflowed(overflowed, Direction.IN)).isTrue();
        assertThat(FlowBucket.overflowed(overflowed, Direction.OUT)).isFalse();
        assertThat(FlowBucket.overflowed(null, Direction.IN)).isFalse();
        assertThat(txnIds(overflowed, Direction.IN, 0, Long.MAX_VALUE, MAX)).as("moved to the log").isEmpty();
        assertThat(txnIds(overflowed, Direction.OUT, 0, Long.MAX_VALUE, MAX)).containsExactly("OUT");
        assertThat(FlowBucket.full(overflowed, Direction.IN)).isFalse();
        final byte[] more = FlowBucket.with(overflowed, Direction.OUT, flow("OUT-2", 60));
        assertThat(FlowBucket.overflowed(more, Direction.IN)).as("the flag survives a later write").isTrue();
        assertThat(txnIds(more, Direction.OUT, 0, Long.MAX_VALUE, MAX)).containsExactly("OUT-2", "OUT");
    }

    @Test
    void shouldTellWhetherItHoldsAPaymentAtItsTime() {
        final byte[] bucket = FlowBucket.with(null, Direction.IN, flow("PAST", 100));

        assertThat(FlowBucket.holds(bucket, Direction.IN, 100, "PAST")).isTrue();
        assertThat(FlowBucket.holds(bucket, Direction.OUT, 100, "PAST")).isFalse();
        assertThat(FlowBucket.holds(bucket, Direction.IN, 101, "PAST")).isFalse();
        assertThat(FlowBucket.holds(null, Direction.IN, 100, "PAST")).isFalse();
    }

    @Test
    void shouldRefuseBytesOfAnotherFormatByName() {
        assertThatThrownBy(() -> FlowBucket.holds(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0}, Direction.IN, 1, "T"))
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
