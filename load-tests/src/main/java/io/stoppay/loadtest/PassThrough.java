package io.stoppay.loadtest;

import io.stoppay.schemas.AvroSerde;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import stoppay.v1.PaymentTransaction;

/**
 * The zero-hop reference: a Kafka Streams app that reads payments, decodes and re-encodes each
 * (the same Avro serde as StopPay) and writes it to another topic, under the same processing
 * guarantee and commit interval. Anything StopPay's decision costs beyond this is its own.
 */
public final class PassThrough {

    private PassThrough() {
    }

    static Topology topology(final String input, final String output) {
        final AvroSerde<PaymentTransaction> serde = AvroSerde.of(PaymentTransaction.class);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), serde).withName("payments"))
                .to(output, Produced.with(Serdes.String(), serde).withName("passed-through"));
        return builder.build();
    }

    public static KafkaStreams start(final String bootstrapServers, final String applicationId, final String stateDir,
            final String guarantee, final long commitIntervalMs, final String input, final String output) {
        final Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        final KafkaStreams streams = new KafkaStreams(topology(input, output), props);
        streams.start();
        return streams;
    }
}
