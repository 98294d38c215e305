package io.stoppay.topology;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.metrics.InterceptionMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * Puts a valid payment in its canonical form and tells whether it arrived in its payer's
 * partition.
 *
 * <p>Canonical form: the payer's and payee's account ids without any blank
 * ({@link CanonicalIdentifiers#accountId}), the device and the IP without surrounding blanks, and
 * the record keyed by the payer's account so written. {@code "6222 0202… "} is no other account
 * than {@code "62220202…"}: left as sent, it would split the account's history,
 * miss its profile and its devices' counts. Cards and phones are kept as the feeder wrote them
 * (the evidence shows them, masked) and canonicalised where they are looked up.
 *
 * <p>The payer's partition is the one a Java producer's default partitioner (murmur2 of the key)
 * picks, and the one the payee repartition sends the payer's inflows to. A feeder on librdkafka
 * (Python, Go, .NET, C/C++ and Node clients) partitions by CRC32 by default, so its payments
 * arrive elsewhere, where the payer's history is not (FIELD-NOTES, "Feeds"); so does one keyed
 * with stray blanks. Those are marked to be re-routed, and counted
 * ({@code stoppay_payments_misrouted_total}).
 */
final class PayerPartitionCheck implements Processor<String, PaymentTransaction, String, PayerRouting> {

    private final int partitions;
    private final InterceptionMetrics metrics;
    private ProcessorContext<String, PayerRouting> context;

    /** @param partitions of the payments topic */
    PayerPartitionCheck(final int partitions, final InterceptionMetrics metrics) {
        this.partitions = partitions;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, PayerRouting> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction payment = canonical(record.value());
        final String payer = payment.getPayer().getAccountId();
        final int arrived = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        final boolean misrouted = arrived >= 0 && arrived != payerPartition(payer);
        if (misrouted) {
            metrics.misrouted();
        }
        context.forward(record.withKey(payer).withValue(new PayerRouting(payment, misrouted)));
    }

    private static PaymentTransaction canonical(final PaymentTransaction txn) {
        final String device = trimmedOrNull(txn.getDeviceId());
        final String trimmedIp = trimmedOrNull(txn.getIpAddress());
        final String ip = trimmedIp == null ? null : CanonicalIdentifiers.ipAddress(trimmedIp);
        final Party payer = canonicalAccount(txn.getPayer());
        final Party payee = canonicalAccount(txn.getPayee());
        if (payer == txn.getPayer() && payee == txn.getPayee() && device == txn.getDeviceId() && ip == txn.getIpAddress()) {
            return txn; // the usual case: nothing to trim, nothing copied
        }
        return PaymentTransaction.newBuilder(txn).setPayer(payer).setPayee(payee).setDeviceId(device).setIpAddress(ip)
                .build();
    }

    private static Party canonicalAccount(final Party party) {
        final String id = CanonicalIdentifiers.accountId(party.getAccountId());
        return id.equals(party.getAccountId()) ? party : Party.newBuilder(party).setAccountId(id).build();
    }

    /** The id without surrounding blanks; the same instance when there are none; null when only blanks. */
    private static String trimmedOrNull(final String id) {
        if (id == null) {
            return null;
        }
        final String trimmed = CanonicalIdentifiers.trimBlanks(id);
        return trimmed.isEmpty() ? null : trimmed.equals(id) ? id : trimmed;
    }

    private int payerPartition(final String payer) {
        return BuiltInPartitioner.partitionForKey(payer.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
