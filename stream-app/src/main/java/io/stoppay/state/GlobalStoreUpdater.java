package io.stoppay.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps a global store of a compacted topic as a global table's source does (each key's latest value
 * and its timestamp; a tombstone deletes; a record without a key is skipped), in the global thread,
 * and tells what is kept beside the store ({@link FilteredGlobalStore}, {@link CachedGlobalStore})
 * when it starts and around each write.
 *
 * @param <V> the topic's values
 */
abstract class GlobalStoreUpdater<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private TimestampedKeyValueStore<String, V> store;

    GlobalStoreUpdater(final String storeName) {
        this.storeName = storeName;
    }

    /**
     * The store an updater keeps, to register with {@code addGlobalStore}: each key's latest value and
     * its timestamp in RocksDB, as a global table keeps them; no changelog (the topic is one), no
     * record cache.
     */
    static <V> StoreBuilder<TimestampedKeyValueStore<String, V>> storeBuilder(final String name, final Serde<V> values) {
        return Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(name), Serdes.String(),
                values).withLoggingDisabled().withCachingDisabled();
    }

    @Override
    public final void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        started(store);
    }

    @Override
    public final void process(final Record<String, V> record) {
        final String key = record.key();
        if (key == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(key);
        } else {
            beforePut(key);
            store.put(key, ValueAndTimestamp.make(record.value(), record.timestamp()));
        }
        written(key, store);
    }

    /** The updater starts (at start, and whenever the global thread starts over) on {@code store}. */
    abstract void started(TimestampedKeyValueStore<String, V> store);

    /** {@code key} is about to get a value. */
    abstract void beforePut(String key);

    /** {@code key}'s value was written or deleted. */
    abstract void written(String key, TimestampedKeyValueStore<String, V> store);
}
