package io.stoppay.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
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
        return Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(name), Serdes.String(),
                values).withLoggingDisabled().withCachingDisabled();
    }

    /** What keeps the store and its filter up to date, in the global thread. */
    public ProcessorSupplier<String, V, Void, Void> updater() {
        return Updater::new;
    }

    /** The filter the decisions consult before a lookup. */
    public GlobalStoreKeys keys() {
        return keys;
    }

    private final class Updater implements Processor<String, V, Void, Void> {

        private TimestampedKeyValueStore<String, V> store;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            store = context.getStateStore(name);
            refill();
        }

        @Override
        public void process(final Record<String, V> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
                return;
            }
            // Into the filter first: a reader that finds the value must not be told the key is absent.
            final boolean full = keys.add(record.key());
            store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            if (full) {
                refill();
            }
        }

        private void refill() {
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
