package io.stoppay.system;

import io.stoppay.config.StopPayConfig;
import io.stoppay.loadtest.Workload;
import io.stoppay.loadtest.generator.PaymentLabel;
import io.stoppay.loadtest.generator.TrafficMix;
import io.stoppay.restriction.ListingKey;
import io.stoppay.schemas.AvroSerde;
import io.stoppay.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import stoppay.v1.ListType;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RiskListEntry;

/**
 * Labelled payments from the benchmark's generator, sent at a steady rate from a thread of its
 * own while a test disrupts StopPay, with an undecodable record every {@code poisonEvery}
 * payments. Remembers every payment it sent (and its label) and every poison key, for the checks.
 */
final class PaymentFeed implements AutoCloseable {

    static final String POISON_PREFIX = "POISON-";

    private final TrafficMix mix = TrafficMix.defaults();
    private final Workload workload;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, PaymentLabel> labels = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, PaymentTransaction> payments = new ConcurrentHashMap<>();
    private final Set<String> poisonKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> appendTimes = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean stopped;

    PaymentFeed(final String bootstrapServers, final long seed, final int accounts) {
        this.workload = new Workload(seed, accounts, mix, "S" + seed);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // Right after topic creation the first sends can meet NOT_LEADER; with several batches
                // in flight their retries come back out of sequence and stall for seconds.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes the population's profiles, lists and linkages, and waits until the broker has them. */
    void publishReferenceData() {
        workload.referenceData().forEach(producer::send);
        producer.flush();
    }

    Set<String> referenceTopics() {
        return workload.referenceTopics();
    }

    /** The lists, linkages and graph repartition topics of StopPay's restriction client {@code graphAppId}. */
    Set<String> graphTopics(final String graphAppId) {
        return workload.graphTopics(graphAppId);
    }

    /**
     * {@code TYPE:id} of the last subject the reference data puts on a list that restricts it (its
     * listing's key without the source).
     */
    String lastListedSubject() {
        final String lists = Topics.from(StopPayConfig.of(Map.of())).lists().name();
        return workload.referenceData().stream().filter(r -> r.topic().equals(lists))
                .filter(r -> AvroSerde.of(RiskListEntry.class).decode(r.value()).getListType() != ListType.VICTIM_WATCH)
                .reduce((first, second) -> second).map(record -> ListingKey.parse(record.key()).orElseThrow())
                .orElseThrow().subject().toString();
    }

    /** The share of each scenario among the payments. */
    TrafficMix mix() {
        return mix;
    }

    /**
     * Starts sending payments at {@code perSecond} in the background until {@link #stop()}: for a
     * test whose phases end on what StopPay has shown, not at a number of payments.
     */
    void startUntilStopped(final int perSecond, final int poisonEvery) {
        start(Integer.MAX_VALUE, perSecond, poisonEvery);
    }

    /** Sends no more payments; {@link #awaitSent} then waits for those sent to be acknowledged. */
    void stop() {
        stopped = true;
    }

    /** Starts sending {@code total} payments at {@code perSecond} in the background. */
    void start(final int total, final int perSecond, final int poisonEvery) {
        final Thread thread = new Thread(() -> {
            try {
                send(total, perSecond, poisonEvery);
            } catch (final Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }, "payment-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void send(final int total, final int perSecond, final int poisonEvery) {
        final long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (int i = 1; i <= total && !stopped; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += period;
            final Workload.Labelled payment = workload.next(Instant.now());
            labels.put(payment.txnId(), payment.label());
            payments.put(payment.txnId(), AvroSerde.of(PaymentTransaction.class).decode(payment.record().value()));
            producer.send(payment.record(), (metadata, error) -> {
                failOn(metadata, error);
                if (error == null) {
                    appendTimes.put(payment.txnId(), metadata.timestamp());
                }
            });
            if (i % poisonEvery == 0) {
                final String key = POISON_PREFIX + i;
                poisonKeys.add(key);
                producer.send(new ProducerRecord<>(payment.record().topic(), key,
                        ("not avro " + i).getBytes(StandardCharsets.UTF_8)), this::failOn);
            }
        }
        producer.flush();
    }

    private void failOn(final Object metadata, final Exception error) {
        if (error != null) {
            failure = error;
        }
    }

    /** Waits until every payment was sent and acknowledged; fails if sending failed. */
    void awaitSent(final Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("payments not all sent within " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException("sending payments failed", failure);
        }
    }

    /** Payments sent so far. */
    int sent() {
        return labels.size();
    }

    Map<String, PaymentLabel> labels() {
        synchronized (labels) {
            return Map.copyOf(labels);
        }
    }

    /** The payments sent, decoded, for checks that need their fields (PII, accounts). */
    List<PaymentTransaction> payments() {
        return List.copyOf(payments.values());
    }

    /** Each payment's broker append time (the payments topic uses LogAppendTime). */
    Map<String, Long> appendTimes() {
        return Map.copyOf(appendTimes);
    }

    /** The partition of the payments topic each payment went to: its payer's, by Kafka's default partitioner. */
    Map<String, Integer> payerPartitions(final int partitions) {
        final Map<String, Integer> partitionOf = new HashMap<>();
        payments.forEach((txnId, payment) -> partitionOf.put(txnId, Utils.toPositive(Utils.murmur2(
                payment.getPayer().getAccountId().getBytes(StandardCharsets.UTF_8))) % partitions));
        return partitionOf;
    }

    Set<String> poisonKeys() {
        return Set.copyOf(poisonKeys);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
