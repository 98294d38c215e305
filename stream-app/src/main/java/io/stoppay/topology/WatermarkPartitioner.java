package io.stoppay.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import stoppay.internal.v1.PendingDecision;

/**
 * Partitions {@code payments-by-payee}: a payment by its payee, as the default partitioner does (so
 * the topic stays co-partitioned with the payments topic), and a watermark record to the partition
 * its key names ({@link io.stoppay.ordering.WatermarkSends} chooses which need one).
 */
final class WatermarkPartitioner implements StreamPartitioner<String, PendingDecision> {

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String key, final PendingDecision value,
                                             final int numPartitions) {
        if (value.getPayment() != null) {
            return Optional.empty();
        }
        final int partition = Integer.parseInt(key);
        // A partition the topic does not have (a test driver's single one) gets nothing.
        return Optional.of(partition < numPartitions ? Set.of(partition) : Set.of());
    }
}
