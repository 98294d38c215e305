package io.stoppay.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;
import stoppay.internal.v1.PendingDecision;

/**
 * Partitions {@code payments-by-payee}: a payment by its payee, as the default partitioner does (so
 * the topic stays co-partitioned with the payments topic), and a watermark record to every
 * partition, since every account task needs every payer stage's watermarks.
 */
final class WatermarkPartitioner implements StreamPartitioner<String, PendingDecision> {

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String key, final PendingDecision value,
                                             final int numPartitions) {
        if (value.getPayment() != null) {
            return Optional.empty();
        }
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
}
