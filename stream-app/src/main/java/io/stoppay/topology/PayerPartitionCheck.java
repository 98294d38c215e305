package io.stoppay.topology;

import io.stoppay.metrics.InterceptionMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import stoppay.v1.PaymentTransaction;

/**
 * Tells whether a payment arrived in its payer's partition: the one a Java producer's default
 * partitioner (murmur2 of the key) picks, and the one the payee repartition sends the payer's
 * inflows to. A feeder on librdkafka (Python, Go, .NET, C/C++ and Node clients) partitions by
 * CRC32 by default, so its payments arrive elsewhere, where the payer's history is not
 * (FIELD-NOTES, "Feeds"); those are marked to be re-routed, and counted
 * ({@code stoppay_payments_misrouted_total}).
 */
final class PayerPartitionCheck implements FixedKeyProcessor<String, PaymentTransaction, PayerRouting> {

    private final int partitions;
    private final InterceptionMetrics metrics;
    private FixedKeyProcessorContext<String, PayerRouting> context;

    /** @param partitions of the payments topic */
    PayerPartitionCheck(final int partitions, final InterceptionMetrics metrics) {
        this.partitions = partitions;
        this.metrics = metrics;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, PayerRouting> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<String, PaymentTransaction> record) {
        final int arrived = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        final boolean misrouted = arrived >= 0 && arrived != payerPartition(record.key());
        if (misrouted) {
            metrics.misrouted();
        }
        context.forward(record.withValue(new PayerRouting(record.value(), misrouted)));
    }

    private int payerPartition(final String payer) {
        return BuiltInPartitioner.partitionForKey(payer.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
