package io.stoppay.loadtest;

import io.stoppay.demo.DemoTraffic;
import io.stoppay.demo.DemoWorld;
import io.stoppay.schemas.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import stoppay.v1.AccountProfile;
import stoppay.v1.Linkage;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;

/**
 * The demo's population and traffic (stream-app's {@code demo} package) as a benchmark workload:
 * ordinary payments with every fraud pattern mixed in, but a single cast per pattern and no
 * labels, so it measures speed, not detection. The labelled generator of issue 5 replaces it.
 */
final class DemoWorkload implements Workload {

    private static final Label UNLABELLED = new Label("unlabelled", false, false);

    private final DemoWorld world;
    private final DemoTraffic traffic;

    private DemoWorkload(final DemoWorld world, final DemoTraffic traffic) {
        this.world = world;
        this.traffic = traffic;
    }

    static Workload create(final long seed, final int accounts) {
        final DemoWorld world = new DemoWorld(seed, accounts, Instant.now());
        return new DemoWorkload(world, new DemoTraffic(world, Benchmark.PAYMENTS, seed));
    }

    @Override
    public boolean labelled() {
        return false;
    }

    @Override
    public List<ProducerRecord<String, byte[]>> referenceData() {
        final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        world.profiles().forEach(p -> records.add(new ProducerRecord<>("risk.accounts.v1", p.getAccountId(),
                AvroSerde.of(AccountProfile.class).encode(p))));
        world.linkages().forEach(kv -> records.add(new ProducerRecord<>("risk.linkages.v1", kv.key,
                AvroSerde.of(Linkage.class).encode(kv.value))));
        world.listEntries().forEach(kv -> records.add(new ProducerRecord<>("risk.lists.v1", kv.key,
                AvroSerde.of(RiskListEntry.class).encode(kv.value))));
        return records;
    }

    @Override
    public Labelled next(final Instant now) {
        while (true) {
            final ProducerRecord<String, byte[]> record = traffic.next(now);
            try {
                final PaymentTransaction txn = AvroSerde.of(PaymentTransaction.class).decode(record.value());
                if (txn.getAmountMinor() > 0) {
                    return new Labelled(record, txn.getTxnId(), UNLABELLED);
                }
            } catch (final RuntimeException deliberatelyBad) {
                // The demo mixes in records no bank should send; the benchmark measures valid payments only.
            }
        }
    }
}
