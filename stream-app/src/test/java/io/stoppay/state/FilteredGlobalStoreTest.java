package io.stoppay.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilteredGlobalStoreTest {

    private static final String TOPIC = "restrictions";
    private static final String STORE = "restricted-subjects";

    @TempDir
    Path stateDir;

    @Test
    void shouldKeepEveryValueAsAGlobalTableDoesAndKnowEveryKeyItHolds() {
        // Given
        final FilteredGlobalStore<String> global = new FilteredGlobalStore<>(STORE, Serdes.String(), 1_000);

        try (TopologyTestDriver driver = driver(global)) {
            final TestInputTopic<String, String> topic = input(driver);

            // When
            topic.pipeInput("PHONE:13912345678", "BLACKLIST", 5_000L);
            topic.pipeInput("CARD:6222020200112233445", "GREYLIST", 6_000L);
            topic.pipeInput("CARD:6222020200112233445", null, 7_000L);

            // Then
            final KeyValueStore<String, ValueAndTimestamp<String>> store = driver.getTimestampedKeyValueStore(STORE);
            assertThat(store.get("PHONE:13912345678")).isEqualTo(ValueAndTimestamp.make("BLACKLIST", 5_000L));
            assertThat(store.get("CARD:6222020200112233445")).isNull();
            assertThat(global.keys().mayHold("PHONE:13912345678")).isTrue();
        }
    }

    @Test
    void shouldSayMostKeysNeverWrittenCannotBeHeldSoTheirLookupsAreSpared() {
        // Given
        final FilteredGlobalStore<String> global = new FilteredGlobalStore<>(STORE, Serdes.String(), 10_000);
        try (TopologyTestDriver driver = driver(global)) {
            final TestInputTopic<String, String> topic = input(driver);

            // When
            IntStream.range(0, 5_000).forEach(i -> topic.pipeInput("ACCOUNT:listed-" + i, "BLACKLIST"));

            // Then
            final long sparedOf10000 = IntStream.range(0, 10_000)
                    .filter(i -> !global.keys().mayHold("ACCOUNT:never-listed-" + i)).count();
            assertThat(sparedOf10000).isGreaterThan(9_800);
        }
    }

    @Test
    void shouldGrowPastItsFirstSizeWithoutForgettingAKey() {
        // Given: sized for 10 keys
        final FilteredGlobalStore<String> global = new FilteredGlobalStore<>(STORE, Serdes.String(), 10);
        try (TopologyTestDriver driver = driver(global)) {
            final TestInputTopic<String, String> topic = input(driver);

            // When
            IntStream.range(0, 1_000).forEach(i -> topic.pipeInput("IP:10.0." + i / 256 + "." + i % 256, "SHARED"));

            // Then
            assertThat(IntStream.range(0, 1_000).allMatch(i -> global.keys().mayHold("IP:10.0." + i / 256 + "." + i % 256)))
                    .isTrue();
            assertThat(global.keys().capacity()).isGreaterThanOrEqualTo(1_000);
        }
    }

    private TopologyTestDriver driver(final FilteredGlobalStore<String> global) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(global.storeBuilder(), TOPIC, Consumed.with(Serdes.String(), Serdes.String()),
                global.updater());
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "filtered-global-store-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    private static TestInputTopic<String, String> input(final TopologyTestDriver driver) {
        return driver.createInputTopic(TOPIC, new StringSerializer(), new StringSerializer());
    }
}
