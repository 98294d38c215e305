package io.stoppay.loadtest;

import io.stoppay.schemas.AvroSerde;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;

/**
 * The references StopPay is measured against, each a Kafka Streams app under the same processing
 * guarantee and commit interval, with Kafka's default settings, reading payments and writing each
 * once more (the same Avro serde as StopPay):
 *
 * <ul>
 *   <li>{@link Shape#PASS_THROUGH}, the zero-hop reference: decode, encode, write. Anything
 *       StopPay's decision costs beyond this is its own.</li>
 *   <li>{@link Shape#TWO_STAGE_FLOOR}: the least any decision on both accounts' state can do under
 *       the contract (design note 6). In the payer's task, a running total of what the payer sent
 *       (one store get and put, with its changelog); one repartition by payee; in the payee's task,
 *       a running total of what the payee received; then the write. StopPay's distance from this
 *       floor is what its rules, histories and outputs cost; the floor's distance from the
 *       pass-through is the price of the repartition and of state under the guarantee, which no
 *       StopPay design that decides on both accounts avoids.</li>
 * </ul>
 */
public final class PassThrough {

    /** Which reference topology. */
    public enum Shape {
        PASS_THROUGH("pass-through"),
        TWO_STAGE_FLOOR("two-stage-floor");

        /** How runs, reports and the process's arguments name it. */
        public final String label;

        Shape(final String label) {
            this.label = label;
        }

        /** The shape labelled {@code label}; {@link IllegalArgumentException} naming the labels otherwise. */
        public static Shape of(final String label) {
            for (final Shape shape : values()) {
                if (shape.label.equals(label)) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("unknown shape '" + label + "': pass-through or two-stage-floor");
        }
    }

    private static final long KAFKA_STREAMS_TRANSACTION_TIMEOUT_MS = 10_000;
    static final String PAYER_TOTALS = "floor-payer-totals";
    static final String PAYEE_TOTALS = "floor-payee-totals";
    static final String BY_PAYEE = "floor-payments-by-payee";

    private PassThrough() {
    }

    static Topology topology(final Shape shape, final String input, final String output) {
        final AvroSerde<PaymentTransaction> serde = AvroSerde.of(PaymentTransaction.class);
        final StreamsBuilder builder = new StreamsBuilder();
        KStream<String, PaymentTransaction> payments = builder.stream(input,
                Consumed.with(Serdes.String(), serde).withName("payments"));
        if (shape == Shape.TWO_STAGE_FLOOR) {
            builder.addStateStore(totals(PAYER_TOTALS));
            builder.addStateStore(totals(PAYEE_TOTALS));
            payments = payments
                    .processValues(() -> new RunningTotal(PAYER_TOTALS, PaymentTransaction::getPayer),
                            Named.as("payer-total"), PAYER_TOTALS)
                    .selectKey((payer, payment) -> payment.getPayee().getAccountId(), Named.as("by-payee"))
                    .repartition(Repartitioned.<String, PaymentTransaction>as(BY_PAYEE)
                            .withKeySerde(Serdes.String()).withValueSerde(serde))
                    .processValues(() -> new RunningTotal(PAYEE_TOTALS, PaymentTransaction::getPayee),
                            Named.as("payee-total"), PAYEE_TOTALS);
        }
        payments.to(output, Produced.with(Serdes.String(), serde).withName("passed-through"));
        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<String, Long>> totals(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    /** Adds each payment's amount (minor units) to its account's total in {@code store}: one get, one put. */
    private static final class RunningTotal implements FixedKeyProcessor<String, PaymentTransaction, PaymentTransaction> {
        private final String storeName;
        private final Function<PaymentTransaction, Party> side;
        private FixedKeyProcessorContext<String, PaymentTransaction> context;
        private KeyValueStore<String, Long> totals;

        RunningTotal(final String storeName, final Function<PaymentTransaction, Party> side) {
            this.storeName = storeName;
            this.side = side;
        }

        @Override
        public void init(final FixedKeyProcessorContext<String, PaymentTransaction> context) {
            this.context = context;
            this.totals = context.getStateStore(storeName);
        }

        @Override
        public void process(final FixedKeyRecord<String, PaymentTransaction> record) {
            final String account = side.apply(record.value()).getAccountId();
            final Long total = totals.get(account);
            totals.put(account, (total == null ? 0L : total) + record.value().getAmountMinor());
            context.forward(record);
        }
    }

    public static KafkaStreams start(final Shape shape, final String bootstrapServers, final String applicationId,
            final String stateDir, final String guarantee, final long commitIntervalMs, final String input,
            final String output) {
        final Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Kafka Streams' 10 s unless the commit interval is longer: it refuses a transaction shorter than one.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.max(KAFKA_STREAMS_TRANSACTION_TIMEOUT_MS, 2 * commitIntervalMs));
        final KafkaStreams streams = new KafkaStreams(topology(shape, input, output), props);
        streams.start();
        return streams;
    }
}
