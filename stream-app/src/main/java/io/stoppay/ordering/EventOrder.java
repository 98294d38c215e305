package io.stoppay.ordering;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What one account task knows about event-time progress (design note 12): the watermarks of every
 * payer stage that sends it inflows, and its own payer stage's progress. The payer stage and the
 * payee stage of the task share it through the {@code event-order} store, so that both
 * judge readiness on the same facts and a restart restores them. Each stage writes only its own
 * part: the payer stage its progress, the payee stage what it received.
 *
 * <p>A payer stage's <b>watermark</b> says it has sent on every payment of its partition with an
 * earlier event time; its <b>append watermark</b>, that it has read every payment appended to its
 * partition before that time; <b>held from</b>, the earliest event time among the payments it holds
 * back. Each record it sends carries all three, with its <b>sequence</b> number, so a task can tell
 * when its own payer stage's records have all come back to it.
 *
 * <p>All times are epoch millis; {@link Long#MIN_VALUE} means nothing is known yet.
 */
public final class EventOrder {

    public static final String STORE = "event-order";

    private static final String PAYER_KEY = "payer";
    private static final String UPSTREAMS_KEY = "upstreams";
    private static final byte VERSION = 1;
    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final long NONE = Long.MAX_VALUE;
    private static final int MARK_FIELDS = 4;

    /** The payer stage's own progress: the latest event and append times it has read, and records it has sent. */
    private long maxEventTime = UNKNOWN;
    private long maxAppendTime = UNKNOWN;
    private long sent;
    /** The earliest event time among the payments this payer stage holds. */
    private long heldEventTime = NONE;
    /** The earliest event time of an inflow the payee stage holds. */
    private long heldInflowTime = NONE;
    /** Per payer stage (payments partition): watermark, append watermark, held from, sequence last received. */
    private final long[] marks;

    private EventOrder(final int upstreams) {
        this.marks = new long[upstreams * MARK_FIELDS];
        for (int u = 0; u < upstreams; u++) {
            marks[u * MARK_FIELDS] = UNKNOWN;
            marks[u * MARK_FIELDS + 1] = UNKNOWN;
            marks[u * MARK_FIELDS + 2] = UNKNOWN;
        }
    }

    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** Reads the task's state, or a fresh one, sized for {@code upstreams} payer stages. */
    public static EventOrder load(final KeyValueStore<String, byte[]> store, final int upstreams) {
        final EventOrder order = new EventOrder(upstreams);
        final byte[] payer = store.get(PAYER_KEY);
        if (payer != null) {
            final ByteBuffer in = versioned(payer);
            order.maxEventTime = in.getLong();
            order.maxAppendTime = in.getLong();
            order.sent = in.getLong();
            order.heldEventTime = in.getLong();
        }
        order.reloadUpstreams(store);
        return order;
    }

    /**
     * Reads again what the payee stage knows of the payer stages: the payer stage asks after each
     * payment it sends on, since (under the test driver) the payee stage may have run meanwhile.
     */
    public void reloadUpstreams(final KeyValueStore<String, byte[]> store) {
        final byte[] upstreams = store.get(UPSTREAMS_KEY);
        if (upstreams != null) {
            final ByteBuffer in = versioned(upstreams);
            heldInflowTime = in.getLong();
            // A changed partition count keeps what it knew of the partitions that are still there.
            final long[] stored = new long[in.remaining() / Long.BYTES];
            in.asLongBuffer().get(stored);
            System.arraycopy(stored, 0, marks, 0, Math.min(stored.length, marks.length));
        }
    }

    public static KeyValueStore<String, byte[]> storeIn(final ProcessingContext context) {
        return context.getStateStore(STORE);
    }

    /** Stores the payer stage's own progress; only the payer stage writes it. */
    public void savePayerProgress(final KeyValueStore<String, byte[]> store) {
        store.put(PAYER_KEY, ByteBuffer.allocate(1 + Long.BYTES * 4).put(VERSION)
                .putLong(maxEventTime).putLong(maxAppendTime).putLong(sent).putLong(heldEventTime).array());
    }

    /** Stores what the payee stage knows of the payer stages; only the payee stage writes it. */
    public void saveUpstreams(final KeyValueStore<String, byte[]> store) {
        final ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES * (1 + marks.length)).put(VERSION)
                .putLong(heldInflowTime);
        for (final long value : marks) {
            out.putLong(value);
        }
        store.put(UPSTREAMS_KEY, out.array());
    }

    private static ByteBuffer versioned(final byte[] bytes) {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
            throw new IllegalStateException("event-order store written by a newer StopPay");
        }
        return in;
    }

    // ---- the payer stage's own progress

    /** The payer stage read a payment. */
    public void read(final long eventTime, final long appendedAt) {
        maxEventTime = Math.max(maxEventTime, eventTime);
        maxAppendTime = Math.max(maxAppendTime, appendedAt);
    }

    /**
     * The payer stage's partition has been quiet: it claims to be caught up to {@code clockMs}, so
     * that the other tasks need not wait for it.
     */
    public boolean idleUntil(final long clockMs) {
        if (maxEventTime >= clockMs && maxAppendTime >= clockMs) {
            return false;
        }
        read(clockMs, clockMs);
        return true;
    }

    /** Numbers the next record the payer stage sends. */
    public long nextSequence() {
        return ++sent;
    }

    /** The payer stage now holds payments from {@code eventTime} on ({@link Long#MAX_VALUE}: none). */
    public void holdingFrom(final long eventTime) {
        heldEventTime = eventTime;
    }

    /** The payer stage has sent on every payment of its partition with an event time before this. */
    public long watermark() {
        return heldEventTime == NONE ? maxEventTime : Math.min(maxEventTime, heldEventTime - 1);
    }

    /** The payer stage has read every payment appended to its partition before this. */
    public long appendWatermark() {
        return maxAppendTime;
    }

    /** The earliest event time among the payments the payer stage holds; {@link Long#MAX_VALUE} when none. */
    public long heldFrom() {
        return heldEventTime;
    }

    // ---- the payee stage's view of every payer stage

    /** A record from the payer stage of partition {@code upstream} arrived, carrying its watermarks. */
    public void received(final int upstream, final long sequence, final long watermark, final long appendWatermark,
                         final long heldFrom) {
        if (upstream < 0 || upstream * MARK_FIELDS >= marks.length) {
            return;
        }
        final int at = upstream * MARK_FIELDS;
        // Records of one sender arrive in the order it sent them, except across a restart of the
        // receiver's transaction; the latest sequence carries the latest holding.
        if (sequence >= marks[at + 3]) {
            marks[at + 2] = heldFrom;
            marks[at + 3] = sequence;
        }
        marks[at] = Math.max(marks[at], watermark);
        marks[at + 1] = Math.max(marks[at + 1], appendWatermark);
    }

    /** The payee stage holds inflows from {@code eventTime} on ({@link Long#MAX_VALUE}: none). */
    public void holdingInflowsFrom(final long eventTime) {
        heldInflowTime = eventTime;
    }

    /**
     * True when every payer stage has sent on, and this task has received, every payment that must
     * be recorded before a payment at {@code eventTime}, appended at {@code appendedAt}: those with
     * an event time at least the tolerance earlier; or, for a payment published late, every earlier
     * one appended before it or up to the tolerance after it (the sender has read that far and holds
     * nothing earlier). The task's own payer stage is judged on what it knows itself once every
     * record it sent has come back.
     */
    public boolean upstreamsReady(final long eventTime, final long appendedAt, final int self,
                                  final OrderingSettings settings) {
        final boolean late = settings.publishedLate(eventTime, appendedAt);
        final long needWatermark = eventTime - settings.toleranceMs();
        final long needAppend = appendedAt + settings.toleranceMs();
        for (int u = 0; u * MARK_FIELDS < marks.length; u++) {
            final int at = u * MARK_FIELDS;
            if (passed(late, marks[at], marks[at + 1], marks[at + 2], eventTime, needWatermark, needAppend)) {
                continue;
            }
            final boolean ownRecordsBack = u == self && marks[at + 3] >= sent;
            if (!ownRecordsBack
                    || !passed(late, watermark(), appendWatermark(), heldFrom(), eventTime, needWatermark, needAppend)) {
                return false;
            }
        }
        return true;
    }

    private static boolean passed(final boolean late, final long watermark, final long appendWatermark,
                                  final long heldFrom, final long eventTime, final long needWatermark,
                                  final long needAppend) {
        return late ? appendWatermark >= needAppend && heldFrom >= eventTime : watermark >= needWatermark;
    }

    /** True when the payee stage holds no inflow that must be recorded before a payment at {@code eventTime}. */
    public boolean noInflowHeldBefore(final long eventTime, final OrderingSettings settings) {
        return heldInflowTime == NONE || heldInflowTime >= eventTime - settings.toleranceMs();
    }

    @Override
    public String toString() {
        return "EventOrder[watermark=" + watermark() + ", appendWatermark=" + appendWatermark() + ", sent=" + sent
                + ", heldInflowTime=" + heldInflowTime + ", marks=" + Arrays.toString(marks) + "]";
    }
}
