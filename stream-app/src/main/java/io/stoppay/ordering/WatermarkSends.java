package io.stoppay.ordering;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * What one payer stage last sent each partition of {@code payments-by-payee}, so that a watermark
 * record goes only to a partition that has not had the current watermarks from it for a while.
 * Every payment sent on carries them too: under load payments alone keep most partitions up to
 * date. A standalone record to every partition on every tick made 6 × 6 × 20 = 720 records/s on 6
 * partitions, more than the 400 payments/s they came with, and the watermarks reached the
 * receivers 2–4 s behind the clock (design note 12).
 */
public final class WatermarkSends {

    private final long[] sentAtMs;
    private final long[] watermark;
    private final long[] appendWatermark;
    private final long[] heldFrom;

    /** For a topic of {@code partitions} partitions; nothing sent yet. */
    public WatermarkSends(final int partitions) {
        this.sentAtMs = new long[partitions];
        this.watermark = filled(partitions);
        this.appendWatermark = filled(partitions);
        this.heldFrom = filled(partitions);
    }

    /**
     * The partition the producer's default partitioning gives {@code payee} (murmur2 of its UTF-8
     * bytes), as for every payment on {@code payments-by-payee}.
     */
    public static int partitionOf(final String payee, final int partitions) {
        return BuiltInPartitioner.partitionForKey(payee.getBytes(StandardCharsets.UTF_8), partitions);
    }

    public int partitions() {
        return sentAtMs.length;
    }

    /** A record carrying these watermarks went to {@code partition} at {@code nowMs} (wall clock). */
    public void sent(final int partition, final EventOrder order, final long nowMs) {
        sentAtMs[partition] = nowMs;
        watermark[partition] = order.watermark();
        appendWatermark[partition] = order.appendWatermark();
        heldFrom[partition] = order.heldFrom();
    }

    /**
     * The partitions that have not had {@code order}'s current watermarks and have had no record
     * from this stage for {@code everyMs}.
     */
    public List<Integer> due(final EventOrder order, final long nowMs, final long everyMs) {
        final List<Integer> due = new ArrayList<>();
        for (int partition = 0; partition < sentAtMs.length; partition++) {
            final boolean changed = watermark[partition] != order.watermark()
                    || appendWatermark[partition] != order.appendWatermark() || heldFrom[partition] != order.heldFrom();
            if (changed && nowMs - sentAtMs[partition] >= everyMs) {
                due.add(partition);
            }
        }
        return due;
    }

    private static long[] filled(final int partitions) {
        final long[] values = new long[partitions];
        Arrays.fill(values, Long.MIN_VALUE);
        return values;
    }
}
