package io.stoppay.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A global store of a compacted topic, as {@code StreamsBuilder#globalTable} keeps it (a RocksDB
 * store of each key's latest value and its timestamp, a tombstone deleting it, no record cache), with
 * the {@link GlobalStoreKeys} of what it holds kept beside it. The store reads like a global table's:
 * interactive queries and processors see no difference.
 *
 * <p>The filter is filled from the store whenever the global thread starts an updater, and then from
 * each record as it comes. At start, Kafka Streams runs the records after the store's checkpoint
 * through a first updater (restore, {@code reprocessOnRestore}), whose start finds what the
 * checkpointed store holds; the updater it then keeps finds all of it.
 *
 * @param <V> the topic's values
 */
public final class FilteredGlobalStore<V> {

    private final String name;
    private final Serde<V> values;
    private final GlobalStoreKeys keys;

    /** The store {@code name}, of {@code values}, with a filter sized at first for {@code initialCapacity} keys. */
    public FilteredGlobalStore(final String name, final Serde<V> values, final long initialCapacity) {
        this.name = name;
        this.values = values;
        this.keys = new GlobalStoreKeys(initialCapacity);
    }

    /** The store to register with {@code addGlobalStore}: no changelog (the topic is one), no cache. */
    public StoreBuilder<TimestampedKeyValueStore<String, V>> storeBuilder() {
        return GlobalStoreUpdater.storeBuilder(name, values);
    }

    /** What keeps the store and its filter up to date, in the global thread. */
    public ProcessorSupplier<String, V, Void, Void> updater() {
        return Updater::new;
    }

    /** The filter the decisions consult before a lookup. */
    public GlobalStoreKeys keys() {
        return keys;
    }

    private final class Updater extends GlobalStoreUpdater<V> {

        /** The filter is over its size since the last key was added: refill it once the value is written. */
        private boolean full;

        Updater() {
            super(name);
        }

        @Override
        void started(final TimestampedKeyValueStore<String, V> store) {
            refill(store);
        }

        @Override
        void beforePut(final String key) {
            // Into the filter first: a reader that finds the value must not be told the key is absent.
            full = keys.add(key);
        }

        @Override
        void written(final String key, final TimestampedKeyValueStore<String, V> store) {
            if (full) {
                full = false;
                refill(store);
            }
        }

        private void refill(final TimestampedKeyValueStore<String, V> store) {
            keys.refill(store.approximateNumEntries(), add -> {
                try (KeyValueIterator<String, ValueAndTimestamp<V>> all = store.all()) {
                    while (all.hasNext()) {
                        final KeyValue<String, ValueAndTimestamp<V>> entry = all.next();
                        add.accept(entry.key);
                    }
                }
            });
        }
    }
}
