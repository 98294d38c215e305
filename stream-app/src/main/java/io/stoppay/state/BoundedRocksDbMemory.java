package io.stoppay.state;

import io.stoppay.config.StopPayConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB state store of this process together, as in the
 * "Bounded Memory Config" of the Kafka Streams memory-management guide.
 *
 * <p>All stores share one LRU block cache, sized by {@value StopPayConfig#ROCKSDB_BLOCK_CACHE_BYTES},
 * which also holds their index and filter blocks and to which every memtable is charged. So the
 * block cache size is the budget of all stores, however many tasks, stores and Kafka Streams
 * clients this instance runs. The bound is soft: the cache does not enforce a strict capacity,
 * because a hard limit makes RocksDB fail reads and writes instead of evicting and flushing.
 * (Kafka's own tiny offsets column family keeps its default table options; its memtable is still
 * charged to a write buffer manager.)
 *
 * <p>Memtables are bounded per Kafka Streams client (application id), each by the
 * {@value StopPayConfig#ROCKSDB_WRITE_BUFFER_BYTES} its settings carry ({@code StreamsSettings}
 * splits the configured size between the decisions and the restriction graph). A write buffer
 * manager found over its size makes <em>every</em> store writing through it flush its own
 * memtable, whoever filled it: shared with the graph, a bulk load of linkages filling memtables
 * made each decision write flush a few records and wait on the flush queue, seconds of late
 * decisions mid-load (RESULTS.md, 2026-12-01). Apart, the graph's load flushes only the graph.
 *
 * <p>The budget is per process: the cache and the write buffer managers are created once, from
 * the sizes the first store of each is configured with, and live as long as the JVM. They are
 * never closed by {@link #close}, since other stores still use them.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);

    /** Part of the cache kept for index and filter blocks, so data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;
    /**
     * Kafka's default is 3. With a shared budget, one active memtable plus one being flushed is
     * enough; a third would only let a busy store hold more of the budget while its flush lags.
     */
    private static final int MAX_WRITE_BUFFERS_PER_STORE = 2;
    /**
     * Memtables take memory in arena blocks, 1 MiB each by default at Kafka's 16 MiB write
     * buffers, and every store that has been written holds at least one. An instance opens a
     * RocksDB per store, task and window segment (118 in the benchmark's six tasks), so their
     * first blocks alone passed the 64 MiB write buffer budget: the write buffer manager then
     * found it exceeded on every write and flushed the writing store's memtable each time, a few
     * KB per SST file, thousands per store in minutes, and compactions and I/O on both cores that
     * the stream thread waited for (RESULTS.md, 2026-11-30, after a backfill: 133–206 decisions/s
     * of 400/s offered). 64 KiB blocks make 118 stores' floor 7.4 MiB.
     */
    static final long ARENA_BLOCK_BYTES = 64 * 1024;

    private static Cache cache;
    private static long cacheBytes;
    /** Each Kafka Streams client's write buffer manager, by application id. */
    private static final Map<String, WriteBufferManager> WRITE_BUFFERS = new HashMap<>();

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final Cache blockCache = cache(size(configs, StopPayConfig.ROCKSDB_BLOCK_CACHE_BYTES));
        final WriteBufferManager writeBuffers = writeBuffers(applicationId(configs),
                size(configs, StopPayConfig.ROCKSDB_WRITE_BUFFER_BYTES), blockCache);
        // Kafka Streams reads the cache back from this very instance for its metrics: configure it, never replace it.
        final BlockBasedTableConfig tableConfig = (BlockBasedTableConfig) options.tableFormatConfig();
        tableConfig.setBlockCache(blockCache);
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setMaxWriteBufferNumber(MAX_WRITE_BUFFERS_PER_STORE);
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setTableFormatConfig(tableConfig);
    }

    @Override
    public void close(final String storeName, final Options options) {
        // The cache and the write buffer managers are shared by every store of the process: keep them.
    }

    /**
     * Bytes in use in the shared block cache, the memtables charged to it included: all the RocksDB
     * memory of this process. 0 before the first store opens.
     */
    public static synchronized long usedBytes() {
        return cache == null ? 0 : cache.getUsage();
    }

    /**
     * The process's block cache, created with the first size asked for. A later different size (two
     * applications in one JVM, as in tests) gets the existing cache: a second one would break the
     * one budget per process this class promises.
     */
    private static synchronized Cache cache(final long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_POOL_RATIO);
            cacheBytes = bytes;
        } else if (bytes != cacheBytes) {
            LOG.warn("RocksDB memory of this process is already bounded to {} bytes of block cache; "
                    + "ignoring {} asked for by another application", cacheBytes, bytes);
        }
        return cache;
    }

    /** The write buffer manager of the client {@code applicationId}, created with the first size it asks for. */
    private static synchronized WriteBufferManager writeBuffers(final String applicationId, final long bytes,
                                                                final Cache chargedTo) {
        return WRITE_BUFFERS.computeIfAbsent(applicationId, id -> new WriteBufferManager(bytes, chargedTo));
    }

    private static String applicationId(final Map<String, Object> configs) {
        final Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (id == null || id.toString().isBlank()) {
            throw new IllegalStateException(StreamsConfig.APPLICATION_ID_CONFIG
                    + " is missing from the Kafka Streams configuration");
        }
        return id.toString();
    }

    private static long size(final Map<String, Object> configs, final String key) {
        final Object value = configs.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is missing from the Kafka Streams configuration");
        }
        final long bytes;
        if (value instanceof Number number) {
            bytes = number.longValue();
        } else {
            try {
                bytes = Long.parseLong(value.toString().trim());
            } catch (final NumberFormatException e) {
                throw new IllegalStateException(key + " is not a number of bytes: " + value, e);
            }
        }
        if (bytes <= 0) {
            throw new IllegalStateException(key + " must be positive: " + bytes);
        }
        return bytes;
    }
}
