package io.stoppay.behaviour;

import io.stoppay.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import stoppay.internal.v1.Flow;

/**
 * One account's payments both ways within one bucket of time, as one store value: what
 * {@link AccountHistory} reads with a single get where it used to scan two window stores.
 *
 * <p>Shape (big-endian): a format byte ({@value #FORMAT}), a byte of flags (bit 0: the inflows
 * overflowed, bit 1: the outflows did), the number of inflows and of outflows held (int each), then
 * one entry per payment in event-time order (a payment recorded later at the same millisecond
 * after the earlier one): its direction (byte, 0 in, 1 out), its event time (long, epoch millis),
 * the length of its encoded {@link Flow} (int) and the Flow as {@link AvroSerde} encodes it
 * (single-object encoding: the Flow schema's own evolution applies).
 *
 * <p>A bucket holds at most {@value #CAPACITY} payments each way. A direction that would hold more
 * <em>overflows</em>: its payments move to the account's append-only log (the window stores), where
 * every later one of the bucket goes too, and the bucket keeps only the flag. So an ordinary
 * account's day is one small value, read with one get and rewritten whole at each commit, and a busy
 * account (a merchant, a collection account) costs what it did before: one small record per
 * payment, never a rewrite of a large value (design notes 9 and 30).
 */
public final class FlowBucket {

    static final byte FORMAT = 1;
    /**
     * Payments each way a bucket holds before that direction overflows to the log. An individual
     * makes a handful of payments a day; 16 keeps a full bucket under 3 KiB each way, the most an
     * account rewrites per commit.
     */
    static final int CAPACITY = 16;

    private static final int HEADER = 1 + 1 + Integer.BYTES + Integer.BYTES;
    private static final int ENTRY_HEADER = 1 + Long.BYTES + Integer.BYTES;
    private static final AvroSerde<Flow> FLOWS = AvroSerde.of(Flow.class);

    /** Which way money moved, seen from the account. */
    public enum Direction {
        IN, OUT;

        private int flag() {
            return 1 << ordinal();
        }

        private int countAt() {
            return 2 + Integer.BYTES * ordinal();
        }
    }

    private FlowBucket() {
    }

    /** True when {@code direction} of {@code bucket} (null: none yet) overflowed: its payments are in the log. */
    static boolean overflowed(final byte[] bucket, final Direction direction) {
        return bucket != null && (read(bucket).get(1) & direction.flag()) != 0;
    }

    /** True when {@code bucket} (null: none yet) holds {@value #CAPACITY} payments in {@code direction}. */
    static boolean full(final byte[] bucket, final Direction direction) {
        return bucket != null && read(bucket).getInt(direction.countAt()) >= CAPACITY;
    }

    /**
     * {@code bucket} (null: empty) with {@code flow} recorded in {@code direction}, which has neither
     * overflowed nor is full.
     */
    static byte[] with(final byte[] bucket, final Direction direction, final Flow flow) {
        final byte[] encoded = FLOWS.encode(flow);
        final long time = flow.getTime().toEpochMilli();
        final ByteBuffer old = bucket == null ? empty() : read(bucket);
        // After every payment of the same millisecond or earlier: the latest recorded reads as the newest.
        int insertAt = HEADER;
        while (insertAt < old.limit() && old.getLong(insertAt + 1) <= time) {
            insertAt += entryLength(old, insertAt);
        }
        final ByteBuffer out = ByteBuffer.allocate(old.limit() + ENTRY_HEADER + encoded.length);
        out.put(old.array(), 0, insertAt);
        out.putInt(direction.countAt(), old.getInt(direction.countAt()) + 1);
        out.put((byte) direction.ordinal()).putLong(time).putInt(encoded.length).put(encoded);
        out.put(old.array(), insertAt, old.limit() - insertAt);
        return out.array();
    }

    /** {@code bucket} with {@code direction} overflowed: its payments gone (to the log) and its flag set. */
    static byte[] overflowing(final byte[] bucket, final Direction direction) {
        final ByteBuffer old = bucket == null ? empty() : read(bucket);
        final ByteBuffer out = ByteBuffer.allocate(old.limit());
        out.put(FORMAT).put((byte) (old.get(1) | direction.flag())).putInt(old.getInt(2)).putInt(old.getInt(6));
        out.putInt(direction.countAt(), 0);
        for (int at = HEADER; at < old.limit(); at += entryLength(old, at)) {
            if (old.get(at) != direction.ordinal()) {
                out.put(old.array(), at, entryLength(old, at));
            }
        }
        final byte[] bytes = new byte[out.position()];
        System.arraycopy(out.array(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * The newest {@code max} payments in {@code direction} with an event time from {@code fromMs}
     * to {@code untilMs} (both inclusive), newest first, added to {@code into}; {@code bucket} null
     * adds none.
     */
    public static void newestInto(final List<Flow> into, final byte[] bucket, final Direction direction, final long fromMs,
                           final long untilMs, final int max) {
        if (bucket == null) {
            return;
        }
        final ByteBuffer entries = read(bucket);
        final List<Integer> matches = new ArrayList<>();
        int at = HEADER;
        while (at < entries.limit()) {
            final long time = entries.getLong(at + 1);
            if (time > untilMs) {
                break;
            }
            if (time >= fromMs && entries.get(at) == direction.ordinal()) {
                matches.add(at);
            }
            at += entryLength(entries, at);
        }
        for (int i = matches.size() - 1; i >= 0 && into.size() < max; i--) {
            into.add(decodeAt(entries, matches.get(i)));
        }
    }

    /** True when {@code bucket} holds a payment {@code txnId} in {@code direction} at {@code timeMs}. */
    static boolean holds(final byte[] bucket, final Direction direction, final long timeMs, final String txnId) {
        if (bucket == null) {
            return false;
        }
        final ByteBuffer entries = read(bucket);
        int at = HEADER;
        while (at < entries.limit()) {
            final long time = entries.getLong(at + 1);
            if (time > timeMs) {
                return false;
            }
            if (time == timeMs && entries.get(at) == direction.ordinal()
                    && decodeAt(entries, at).getTxnId().equals(txnId)) {
                return true;
            }
            at += entryLength(entries, at);
        }
        return false;
    }

    private static int entryLength(final ByteBuffer entries, final int at) {
        return ENTRY_HEADER + entries.getInt(at + 1 + Long.BYTES);
    }

    private static Flow decodeAt(final ByteBuffer entries, final int at) {
        final int length = entries.getInt(at + 1 + Long.BYTES);
        final byte[] encoded = new byte[length];
        entries.get(at + ENTRY_HEADER, encoded);
        return FLOWS.decode(encoded);
    }

    private static ByteBuffer read(final byte[] bucket) {
        if (bucket.length < HEADER || bucket[0] != FORMAT) {
            throw new SerializationException("cannot decode a flow bucket: format " + (bucket.length == 0 ? "none" : bucket[0])
                    + ", expected " + FORMAT);
        }
        return ByteBuffer.wrap(bucket);
    }

    private static ByteBuffer empty() {
        return ByteBuffer.allocate(HEADER).put(FORMAT).put((byte) 0).putInt(0).putInt(0).flip();
    }
}
