package io.stoppay.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** When a task may judge a payment, from the watermarks it has received (design note 12). */
class EventOrderTest {

    private static final long T = 1_800_000_000_000L;
    private static final long TOLERANCE = 1_000;
    /** Three payments partitions; this task is partition 0. */
    private static final OrderingSettings SETTINGS = new OrderingSettings(true, TOLERANCE, 60_000, 10_000, 50, 50, 3);
    private static final int SELF = 0;

    @Test
    void shouldWaitForEveryPayerStageToReportBeforeJudgingAnything() {
        final EventOrder order = EventOrder.load(store(), 3);
        order.read(T, T);
        order.received(1, 1, T, T, Long.MAX_VALUE);

        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).as("partition 2 never reported").isFalse();
        order.received(2, 1, T - TOLERANCE, T, Long.MAX_VALUE);
        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).isTrue();
    }

    @Test
    void shouldJudgeALivePaymentOnceEveryWatermarkIsWithinTheTolerance() {
        final EventOrder order = everyoneAt(T - TOLERANCE - 1);
        order.read(T, T);

        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).isFalse();
        order.received(1, 2, T - TOLERANCE, T, Long.MAX_VALUE);
        order.received(2, 2, T - TOLERANCE, T, Long.MAX_VALUE);
        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).as("own stage: every record back").isTrue();
    }

    @Test
    void shouldNotCountItsOwnStageCaughtUpWhileItsRecordsAreStillOnTheirWay() {
        final EventOrder order = EventOrder.load(store(), 3);
        order.read(T, T);
        order.received(1, 1, T, T, Long.MAX_VALUE);
        order.received(2, 1, T, T, Long.MAX_VALUE);
        order.nextSequence();

        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).isFalse();
        order.received(SELF, 1, T - 5 * TOLERANCE, T - 5 * TOLERANCE, Long.MAX_VALUE);
        assertThat(order.upstreamsReady(T, T, SELF, SETTINGS)).isTrue();
    }

    @Test
    void shouldOrderALatePublishedPaymentByWhenItWasAppended() {
        final long eventTime = T - 40 * 60_000;
        final EventOrder order = everyoneAt(T);

        assertThat(order.upstreamsReady(eventTime, T, SELF, SETTINGS))
                .as("watermarks far past its event time say nothing of a backlog published now").isFalse();
        order.read(T + TOLERANCE, T + TOLERANCE);
        order.received(1, 2, T, T + TOLERANCE, Long.MAX_VALUE);
        order.received(2, 2, T, T + TOLERANCE, eventTime - 1);
        assertThat(order.upstreamsReady(eventTime, T, SELF, SETTINGS)).as("partition 2 holds an earlier one").isFalse();
        order.received(2, 3, T, T + TOLERANCE, eventTime);
        assertThat(order.upstreamsReady(eventTime, T, SELF, SETTINGS)).isTrue();
    }

    @Test
    void shouldClaimTheClockOnlyWhenQuietAndNeverMoveWatermarksBack() {
        final EventOrder order = EventOrder.load(store(), 3);
        order.read(T, T);
        order.holdingFrom(T - 10);

        assertThat(order.watermark()).as("held payments keep the watermark below them").isEqualTo(T - 11);
        assertThat(order.idleUntil(T + 5_000)).isTrue();
        assertThat(order.watermark()).isEqualTo(T - 11);
        assertThat(order.appendWatermark()).isEqualTo(T + 5_000);
        order.holdingFrom(Long.MAX_VALUE);
        assertThat(order.watermark()).isEqualTo(T + 5_000);
        assertThat(order.idleUntil(T)).isFalse();
        order.received(1, 5, T, T, Long.MAX_VALUE);
        order.received(1, 4, T - 100, T - 100, T - 100);
        order.received(2, 1, T, T, Long.MAX_VALUE);
        assertThat(order.upstreamsReady(T + TOLERANCE, T + TOLERANCE, SELF, SETTINGS))
                .as("an older record neither moves a watermark back nor brings back an old hold").isTrue();
    }

    @Test
    void shouldKeepBothStagesPartsAcrossARestart() {
        final KeyValueStore<String, byte[]> store = store();
        final EventOrder payerStage = EventOrder.load(store, 3);
        payerStage.read(T, T + 1);
        payerStage.nextSequence();
        payerStage.savePayerProgress(store);
        final EventOrder payeeStage = EventOrder.load(store, 3);
        payeeStage.received(1, 7, T - 1, T - 2, Long.MAX_VALUE);
        payeeStage.holdingInflowsFrom(T - 500);
        payeeStage.saveUpstreams(store);

        final EventOrder restored = EventOrder.load(store, 3);
        assertThat(restored.watermark()).isEqualTo(T);
        assertThat(restored.appendWatermark()).isEqualTo(T + 1);
        assertThat(restored.noInflowHeldBefore(T - 500 + TOLERANCE, SETTINGS)).isTrue();
        assertThat(restored.noInflowHeldBefore(T - 499 + TOLERANCE, SETTINGS)).isFalse();
        assertThat(restored.nextSequence()).as("numbering goes on").isEqualTo(2);
    }

    /** Every payer stage, this one included, has reported {@code watermark} and holds nothing. */
    private static EventOrder everyoneAt(final long watermark) {
        final EventOrder order = EventOrder.load(store(), 3);
        order.read(watermark, watermark);
        for (int upstream = 0; upstream < 3; upstream++) {
            order.received(upstream, 1, watermark, watermark, Long.MAX_VALUE);
        }
        return order;
    }

    /** An event-order store in memory, for a test of this package. */
    static KeyValueStore<String, byte[]> store() {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("order"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }
}
