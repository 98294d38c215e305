package io.stoppay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stoppay.testing.RealKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter of a global store after a clean restart, on a real broker: the store is checkpointed at
 * the end of the topic, so no record is run through the updater again, and only its start can find the key.
 */
class FilteredGlobalStoreIT {

    @RegisterExtension
    static final RealKafka KAFKA = new RealKafka();

    private static final String TOPIC = "filtered-global-store-it";
    private static final String STORE = "restricted-subjects";

    @TempDir
    Path stateDir;

    @Test
    void shouldKnowTheKeysOfARestoredStoreBeforeAnyNewRecord() throws Exception {
        // Given: a key in the store, and the instance stopped cleanly (its global state checkpointed)
        KAFKA.createTopics(TOPIC);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KAFKA.producerProps(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "DEVICE:DEV-9f3a", "SHARED")).get();
        }
        final FilteredGlobalStore<String> first = new FilteredGlobalStore<>(STORE, Serdes.String(), 1_000);
        try (KafkaStreams streams = start(first)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.keys().mayHold("DEVICE:DEV-9f3a"));
        }

        // When: started again on the same state directory, with a new filter and no new record
        final FilteredGlobalStore<String> restarted = new FilteredGlobalStore<>(STORE, Serdes.String(), 1_000);
        try (KafkaStreams streams = start(restarted)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

            // Then
            assertThat(restarted.keys().mayHold("DEVICE:DEV-9f3a")).isTrue();
            assertThat(restarted.keys().mayHold("DEVICE:never-seen")).isFalse();
        }
    }

    private KafkaStreams start(final FilteredGlobalStore<String> global) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(global.storeBuilder(), TOPIC, Consumed.with(Serdes.String(), Serdes.String()),
                global.updater());
        final Properties props = new Properties();
        props.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "filtered-global-store-it",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()));
        final KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }
}
