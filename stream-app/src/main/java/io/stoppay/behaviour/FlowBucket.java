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
 * <p>Shape (big-endian): a format byte ({@value #FORMAT}), the number of inflows and of outflows
 * (int each), then one entry per payment in event-time order (a payment recorded later at the same
 * millisecond after the earlier one): its direction (byte, 0 in, 1 out), its event time (long,
 * epoch millis), the length of its encoded {@link Flow} (int) and the Flow as {@link AvroSerde}
 * encodes it (single-object encoding: the Flow schema's own evolution applies).
 *
 * <p>Why not an Avro array: a hot account (a merchant, a hub) holds up to {@code maxFlows}
 * payments each way, and decoding and re-encoding all of them for every payment was what design
 * note 9 removed. Here recording a payment copies bytes and decodes nothing, and a read decodes only
 * the payments its window asks for, newest first. A direction holding more than {@code maxFlows}
 * payments forgets its oldest: rules never look at more (design note 30).
 */
public final class FlowBucket {

    static final byte FORMAT = 1;

    private static final int HEADER = 1 + Integer.BYTES + Integer.BYTES;
    private static final int ENTRY_HEADER = 1 + Long.BYTES + Integer.BYTES;
    private static final AvroSerde<Flow> FLOWS = AvroSerde.of(Flow.class);

    /** Which way money moved, seen from the account. */
    public enum Direction {
        IN, OUT
    }

    private FlowBucket() {
    }

    /**
     * {@code bucket} (null: empty) with {@code flow} recorded in {@code direction}, keeping at most
     * {@code maxFlows} payments each way (the oldest go first; so does {@code flow} itself, if it is
     * older than all of a full direction).
     */
    static byte[] with(final byte[] bucket, final Direction direction, final Flow flow, final int maxFlows) {
        final byte[] encoded = FLOWS.encode(flow);
        final long time = flow.getTime().toEpochMilli();
        final ByteBuffer old = bucket == null ? empty() : read(bucket);
        final int[] counts = {old.getInt(1), old.getInt(1 + Integer.BYTES)};
        // After every payment of the same millisecond or earlier: the latest recorded reads as the newest.
        int insertAt = HEADER;
        while (insertAt < old.limit() && old.getLong(insertAt + 1) <= time) {
            insertAt += entryLength(old, insertAt);
        }
        int dropAt = -1;
        if (counts[direction.ordinal()] >= maxFlows) {
            dropAt = firstOf(old, direction);
            if (dropAt < 0 || insertAt <= dropAt) {
                return old.array(); // the new payment is the oldest of a full direction
            }
        } else {
            counts[direction.ordinal()]++;
        }
        final int dropped = dropAt < 0 ? 0 : entryLength(old, dropAt);
        final ByteBuffer out = ByteBuffer.allocate(old.limit() - dropped + ENTRY_HEADER + encoded.length);
        out.put(FORMAT).putInt(counts[0]).putInt(counts[1]);
        if (dropAt < 0) {
            out.put(old.array(), HEADER, insertAt - HEADER);
        } else {
            out.put(old.array(), HEADER, dropAt - HEADER);
            out.put(old.array(), dropAt + dropped, insertAt - dropAt - dropped);
        }
        out.put((byte) direction.ordinal()).putLong(time).putInt(encoded.length).put(encoded);
        out.put(old.array(), insertAt, old.limit() - insertAt);
        return out.array();
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

    private static int firstOf(final ByteBuffer entries, final Direction direction) {
        for (int at = HEADER; at < entries.limit(); at += entryLength(entries, at)) {
            if (entries.get(at) == direction.ordinal()) {
                return at;
            }
        }
        return -1;
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
        return ByteBuffer.allocate(HEADER).put(FORMAT).putInt(0).putInt(0).flip();
    }
}
