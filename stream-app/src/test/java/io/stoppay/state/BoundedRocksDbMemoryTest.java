package io.stoppay.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoppay.config.StopPayConfig;
import io.stoppay.topology.StreamsSettings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Cache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Every RocksDB store of the process shares one block cache, and every store of one Kafka Streams
 * client one write buffer manager, sized from the StopPay configuration.
 *
 * <p>The shared objects live as long as the JVM, so every test first configures with the default
 * sizes: whichever test runs first then creates them with the sizes the others expect.
 */
class BoundedRocksDbMemoryTest {

    private static final StopPayConfig DEFAULTS = StopPayConfig.of(Map.of());
    private static final long CACHE_BYTES = DEFAULTS.longValue(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES);
    private static final long WRITE_BUFFER_BYTES = DEFAULTS.longValue(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES);
    /** What Kafka Streams' RocksDBStore sets before a config setter runs. */
    private static final long KAFKA_WRITE_BUFFER_BYTES = 16 * 1024 * 1024L;
    private static final String STORE = "bounded-store";
    private static final String CLIENT = "test-client";
    private static final String INPUT = "bounded-input";

    @Test
    void shouldGiveEveryStoreOfAClientTheSameBlockCacheAndWriteBufferManager() {
        // Given
        final Options first = kafkaLikeOptions();
        final Options second = kafkaLikeOptions();

        // When
        new BoundedRocksDbMemory().setConfig("store-a", first, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
        new BoundedRocksDbMemory().setConfig("store-b", second, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));

        // Then
        assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
        assertThat(blockCacheOf(first)).isNotNull().isSameAs(blockCacheOf(second));
        first.close();
        second.close();
    }

    @Test
    void shouldCacheIndexAndFilterBlocksWithHighPriorityAndCapMemtables() {
        // Given
        final Options options = kafkaLikeOptions();

        // When
        new BoundedRocksDbMemory().setConfig(STORE, options, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));

        // Then
        final BlockBasedTableConfigWithAccessibleCache table =
                (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
        assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
        options.close();
    }

    @Test
    void shouldAcceptSizesGivenAsText() {
        // Given
        final Options asNumbers = kafkaLikeOptions();
        final Options asText = kafkaLikeOptions();
        new BoundedRocksDbMemory().setConfig(STORE, asNumbers, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));

        // When
        new BoundedRocksDbMemory().setConfig(STORE, asText,
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, CLIENT, StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, " " + CACHE_BYTES + " ",
                        StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, String.valueOf(WRITE_BUFFER_BYTES)));

        // Then
        assertThat(asText.writeBufferManager()).isSameAs(asNumbers.writeBufferManager());
        assertThat(blockCacheOf(asText)).isSameAs(blockCacheOf(asNumbers));
        asNumbers.close();
        asText.close();
    }

    @Test
    void shouldKeepTheFirstBudgetWhenAnotherApplicationAsksForOtherSizes() {
        // Given
        final Options first = kafkaLikeOptions();
        new BoundedRocksDbMemory().setConfig(STORE, first, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
        final Options other = kafkaLikeOptions();

        // When
        new BoundedRocksDbMemory().setConfig(STORE, other, sizes(CACHE_BYTES / 2, WRITE_BUFFER_BYTES / 2));

        // Then
        assertThat(other.writeBufferManager()).isSameAs(first.writeBufferManager());
        assertThat(blockCacheOf(other)).isSameAs(blockCacheOf(first));
        first.close();
        other.close();
    }

    @Test
    void shouldFailNamingTheKeyWhenTheBlockCacheSizeIsMissing() {
        // Given
        final Map<String, Object> configs = Map.of(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, WRITE_BUFFER_BYTES);
        final Options options = kafkaLikeOptions();

        // When / Then
        assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig(STORE, options, configs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES);
        options.close();
    }

    @Test
    void shouldFailNamingTheKeyWhenTheWriteBufferSizeIsNotANumber() {
        // Given
        final Map<String, Object> configs = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, CLIENT,
                StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, CACHE_BYTES, StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, "64MB");
        final Options options = kafkaLikeOptions();

        // When / Then
        assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig(STORE, options, configs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES);
        options.close();
    }

    @Test
    void shouldFailNamingTheKeyWhenTheApplicationIdIsMissing() {
        // Given
        final Map<String, Object> configs = Map.of(StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, CACHE_BYTES,
                StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, WRITE_BUFFER_BYTES);
        final Options options = kafkaLikeOptions();

        // When / Then
        assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig(STORE, options, configs))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(StreamsConfig.APPLICATION_ID_CONFIG);
        options.close();
    }

    @Test
    void shouldLeaveTheSharedMemoryUsableWhenAStoreCloses(@TempDir final Path dir) throws RocksDBException {
        // Given: a store configured, then closed the way Kafka Streams closes it
        final BoundedRocksDbMemory closing = new BoundedRocksDbMemory();
        final Options closed = kafkaLikeOptions();
        closing.setConfig("closed-store", closed, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
        final WriteBufferManager writeBuffers = closed.writeBufferManager();
        final Cache cache = blockCacheOf(closed);
        closing.close("closed-store", closed);
        closed.close();

        // When: another store opens with the shared memory
        final Options next = kafkaLikeOptions().setCreateIfMissing(true);
        new BoundedRocksDbMemory().setConfig("next-store", next, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
        try (RocksDB db = RocksDB.open(next, dir.toString())) {
            db.put(bytes("key"), bytes("value"));

            // Then
            assertThat(db.get(bytes("key"))).isEqualTo(bytes("value"));
        }
        assertThat(writeBuffers.isOwningHandle()).isTrue();
        assertThat(cache.isOwningHandle()).isTrue();
        assertThat(next.writeBufferManager()).isSameAs(writeBuffers);
        assertThat(blockCacheOf(next)).isSameAs(cache);
        next.close();
    }

    @Test
    void shouldGiveEachClientItsOwnWriteBufferManagerChargedToTheOneBlockCache() {
        // Given
        final Options decisions = kafkaLikeOptions();
        final Options graph = kafkaLikeOptions();

        // When
        new BoundedRocksDbMemory().setConfig(STORE, decisions, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
        new BoundedRocksDbMemory().setConfig(STORE, graph, sizes("test-graph-client", CACHE_BYTES, WRITE_BUFFER_BYTES));

        // Then
        assertThat(graph.writeBufferManager()).isNotNull().isNotSameAs(decisions.writeBufferManager());
        assertThat(blockCacheOf(graph)).isSameAs(blockCacheOf(decisions));
        decisions.close();
        graph.close();
    }

    /**
     * A write buffer manager over its size makes every store writing through it flush, whoever
     * filled it: a bulk load of the graph flushed decision stores on every write, seconds of late
     * decisions. Here one client's store holds more than its whole budget in an unflushed memtable
     * (as a load being written does); another client's store then gets a few records, which must
     * all stay in its active memtable.
     */
    @Test
    void shouldNotFlushAClientsStoresWhenAnotherClientFillsItsWriteBuffers(@TempDir final Path dir)
            throws RocksDBException {
        // Given: the graph client's store, its budget 1 MiB, holding 2 MiB in one memtable
        final long graphBudget = 1024 * 1024L;
        try (Options graphOptions = storeOptions("test-flooding-graph", graphBudget);
             Options decisionOptions = storeOptions("test-flooded-decisions", WRITE_BUFFER_BYTES);
             RocksDB graph = RocksDB.open(graphOptions, dir.resolve("graph").toString());
             RocksDB decisions = RocksDB.open(decisionOptions, dir.resolve("decisions").toString());
             WriteBatch load = new WriteBatch();
             WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
            final byte[] link = new byte[1024];
            for (int i = 0; i < 2 * 1024; i++) {
                load.put(bytes("IP:hub|ACCOUNT:" + i), link);
            }
            graph.write(noWal, load); // one write: the budget is checked before it, so nothing flushes yet
            assertThat(graph.getLongProperty("rocksdb.cur-size-active-mem-table")).isGreaterThan(graphBudget);

            // When: the decisions write a few records
            final int writes = 200;
            for (int write = 0; write < writes; write++) {
                decisions.put(noWal, bytes("payer-" + write), bytes("CNY 100.00"));
            }

            // Then
            assertThat(decisions.getLongProperty("rocksdb.num-entries-active-mem-table")).isEqualTo(writes);
        }
    }

    /**
     * An instance has a RocksDB per store, task and window segment, more than the write buffer
     * budget has room for at RocksDB's default arena block (1 MiB). Then every write found the
     * budget exceeded and switched the writing store's memtable for a flush: a few records per
     * SST file. Here 120 stores, as many as the benchmark's six tasks open, each get a few KB,
     * far below any memtable's size: all of it must still be in the active memtables.
     */
    @Test
    void shouldNotFlushOnEveryWriteWhenAnInstanceHasMoreStoresThanTheBudgetHasDefaultArenaBlocks(
            @TempDir final Path dir) throws RocksDBException {
        // Given: 120 stores configured as Kafka Streams configures them, then by us
        final int stores = 120;
        final int writesPerStore = 200; // ~10 KB: past a memtable's 2 KB inline block, far below its 16 MiB
        final List<Options> options = new ArrayList<>();
        final List<RocksDB> dbs = new ArrayList<>();
        try {
            for (int i = 0; i < stores; i++) {
                final Options storeOptions = kafkaLikeOptions().setCreateIfMissing(true)
                        .setWriteBufferSize(KAFKA_WRITE_BUFFER_BYTES);
                new BoundedRocksDbMemory().setConfig("store-" + i, storeOptions, sizes(CACHE_BYTES, WRITE_BUFFER_BYTES));
                options.add(storeOptions);
                dbs.add(RocksDB.open(storeOptions, dir.resolve("store-" + i).toString()));
            }

            // When: each store gets a few small records, round robin, as tasks write
            try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
                for (int write = 0; write < writesPerStore; write++) {
                    for (final RocksDB db : dbs) {
                        db.put(noWal, bytes("payer-" + write), bytes("CNY 100.00"));
                    }
                }
            }

            // Then: no memtable was switched for a flush
            long inActiveMemtables = 0;
            for (final RocksDB db : dbs) {
                inActiveMemtables += db.getLongProperty("rocksdb.num-entries-active-mem-table");
            }
            assertThat(inActiveMemtables).isEqualTo((long) stores * writesPerStore);
        } finally {
            dbs.forEach(RocksDB::close);
            options.forEach(Options::close);
        }
    }

    @Test
    void shouldServeARealStoreWithTheSharedBlockCacheThroughStreamsSettings(@TempDir final Path stateDir) {
        // Given: the app's Kafka Streams settings and a topology writing to a persistent store
        final Properties props = StreamsSettings.from(StopPayConfig.of(Map.of(
                StopPayConfig.KAFKA_PREFIX + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StopPayConfig.STATE_DIR, stateDir.toString())));

        try (TopologyTestDriver driver = new TopologyTestDriver(storingTopology(), props)) {
            final TestInputTopic<String, String> input =
                    driver.createInputTopic(INPUT, new StringSerializer(), new StringSerializer());

            // When
            input.pipeInput("payer-1", "seen");

            // Then: the store works, and RocksDB reports our block cache, not Kafka's 50 MiB default
            final KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("payer-1")).isEqualTo("seen");
            assertThat(blockCacheCapacity(driver)).isEqualTo(BigInteger.valueOf(CACHE_BYTES));
        }
    }

    private static Topology storingTopology() {
        final Topology topology = new Topology();
        topology.addSource("bounded-source", Serdes.String().deserializer(), Serdes.String().deserializer(), INPUT);
        topology.addProcessor("bounded-writer", StoringProcessor::new, "bounded-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.String()).withCachingDisabled(), "bounded-writer");
        return topology;
    }

    private static final class StoringProcessor implements Processor<String, String, Void, Void> {

        private KeyValueStore<String, String> store;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<String, String> record) {
            store.put(record.key(), record.value());
        }
    }

    private static Object blockCacheCapacity(final TopologyTestDriver driver) {
        return driver.metrics().entrySet().stream()
                .filter(metric -> metricIs(metric.getKey(), "block-cache-capacity"))
                .map(metric -> metric.getValue().metricValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no block-cache-capacity metric for " + STORE));
    }

    private static boolean metricIs(final MetricName name, final String metric) {
        return name.name().equals(metric) && STORE.equals(name.tags().get("rocksdb-state-id"));
    }

    /** Options as Kafka Streams' RocksDBStore hands them to a config setter: a table config that exposes its cache. */
    private static Options kafkaLikeOptions() {
        return new Options().setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
    }

    private static Cache blockCacheOf(final Options options) {
        return ((BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig()).blockCache();
    }

    /** A store as Kafka Streams opens it (16 MiB memtables), then configured by us as a store of {@code client}. */
    private static Options storeOptions(final String client, final long writeBufferBytes) {
        final Options options = kafkaLikeOptions().setCreateIfMissing(true).setWriteBufferSize(KAFKA_WRITE_BUFFER_BYTES);
        new BoundedRocksDbMemory().setConfig(STORE, options, sizes(client, CACHE_BYTES, writeBufferBytes));
        return options;
    }

    private static Map<String, Object> sizes(final long cacheBytes, final long writeBufferBytes) {
        return sizes(CLIENT, cacheBytes, writeBufferBytes);
    }

    private static Map<String, Object> sizes(final String client, final long cacheBytes, final long writeBufferBytes) {
        return Map.of(StreamsConfig.APPLICATION_ID_CONFIG, client, StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES, cacheBytes,
                StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES, writeBufferBytes);
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
