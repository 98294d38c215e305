package io.stoppay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
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

class CachedGlobalStoreTest {

    private static final String TOPIC = "accounts";
    private static final String STORE = "account-profiles";
    private static final String ACCOUNT = "622202020011";

    @TempDir
    Path stateDir;

    private final CachedGlobalStore<String> global = new CachedGlobalStore<>(STORE, Serdes.String(), 1_000);
    private final List<String> storeReads = new ArrayList<>();

    @Test
    void shouldReadAKeyFromTheStoreOnceAndThenFromTheHeap() {
        try (TopologyTestDriver driver = driver()) {
            // Given
            input(driver).pipeInput(ACCOUNT, "CLASS_I", 5_000L);

            // When
            final String first = read(driver, ACCOUNT);
            final String second = read(driver, ACCOUNT);
            final String neverPublished = read(driver, "other");
            final String neverPublishedAgain = read(driver, "other");

            // Then
            assertThat(first).isEqualTo("CLASS_I");
            assertThat(second).isEqualTo("CLASS_I");
            assertThat(neverPublished).isNull();
            assertThat(neverPublishedAgain).isNull();
            assertThat(storeReads).containsExactly(ACCOUNT, "other");
        }
    }

    @Test
    void shouldReadAChangedOrDeletedValueAnew() {
        try (TopologyTestDriver driver = driver()) {
            // Given: read, so kept
            final TestInputTopic<String, String> topic = input(driver);
            topic.pipeInput(ACCOUNT, "CLASS_I", 5_000L);
            read(driver, ACCOUNT);

            // When / Then
            topic.pipeInput(ACCOUNT, "CLASS_II", 6_000L);
            assertThat(read(driver, ACCOUNT)).isEqualTo("CLASS_II");
            topic.pipeInput(ACCOUNT, null, 7_000L);
            assertThat(read(driver, ACCOUNT)).isNull();
            final KeyValueStore<String, ValueAndTimestamp<String>> store = driver.getTimestampedKeyValueStore(STORE);
            assertThat(store.get(ACCOUNT)).as("the store itself reads as a global table's").isNull();
        }
    }

    /**
     * The race the kept values must lose: a stream thread reads the old value from the store, the
     * global thread writes the new one and forgets the key, and only then does the reader get to keep
     * what it read. It must not: every later read would find the old value.
     */
    @Test
    void shouldNotKeepAValueReadBeforeAWriteThatForgotItsKey() {
        try (TopologyTestDriver driver = driver()) {
            // Given
            final TestInputTopic<String, String> topic = input(driver);
            topic.pipeInput(ACCOUNT, "CLASS_I", 5_000L);
            final KeyValueStore<String, ValueAndTimestamp<String>> store = driver.getTimestampedKeyValueStore(STORE);

            // When: the write lands while the reader is between its store read and keeping the value
            final String readDuringTheWrite = global.recent().get(ACCOUNT, key -> {
                final String old = ValueAndTimestamp.getValueOrNull(store.get(key));
                topic.pipeInput(ACCOUNT, "CLASS_II", 6_000L);
                return old;
            });

            // Then
            assertThat(readDuringTheWrite).isEqualTo("CLASS_I");
            assertThat(read(driver, ACCOUNT)).isEqualTo("CLASS_II");
        }
    }

    @Test
    void shouldRefuseToKeepNothing() {
        assertThatThrownBy(() -> new RecentValues<String>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEntries must be positive: 0");
    }

    private String read(final TopologyTestDriver driver, final String key) {
        final KeyValueStore<String, ValueAndTimestamp<String>> store = driver.getTimestampedKeyValueStore(STORE);
        final Function<String, String> fromStore = k -> {
            storeReads.add(k);
            return ValueAndTimestamp.getValueOrNull(store.get(k));
        };
        return global.recent().get(key, fromStore);
    }

    private TopologyTestDriver driver() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(global.storeBuilder(), TOPIC, Consumed.with(Serdes.String(), Serdes.String()),
                global.updater());
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "cached-global-store-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    private static TestInputTopic<String, String> input(final TopologyTestDriver driver) {
        return driver.createInputTopic(TOPIC, new StringSerializer(), new StringSerializer());
    }
}
