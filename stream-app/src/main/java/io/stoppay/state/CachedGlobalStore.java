package io.stoppay.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * A global store of a compacted topic, as {@code StreamsBuilder#globalTable} keeps it, with the
 * {@link RecentValues} read from it kept beside it: the store reads like a global table's (interactive
 * queries and processors see no difference), and readers that go through {@link #recent()} are
 * spared the store and the decoding for a key read recently. For a store whose keys are read again
 * and again and written seldom (account profiles).
 *
 * <p>Every write the global thread makes, at start (restore) and after, forgets the key's kept value;
 * an updater starting forgets them all.
 *
 * @param <V> the topic's values
 */
public final class CachedGlobalStore<V> {

    private final String name;
    private final Serde<V> values;
    private final RecentValues<V> recent;

    /** The store {@code name}, of {@code values}, keeping at most {@code maxKept} values on the heap. */
    public CachedGlobalStore(final String name, final Serde<V> values, final long maxKept) {
        this.name = name;
        this.values = values;
        this.recent = new RecentValues<>(maxKept);
    }

    /** The store to register with {@code addGlobalStore}. */
    public StoreBuilder<TimestampedKeyValueStore<String, V>> storeBuilder() {
        return GlobalStoreUpdater.storeBuilder(name, values);
    }

    /** What keeps the store up to date and its kept values true, in the global thread. */
    public ProcessorSupplier<String, V, Void, Void> updater() {
        return Updater::new;
    }

    /** The values read recently, for readers of the store. */
    public RecentValues<V> recent() {
        return recent;
    }

    private final class Updater extends GlobalStoreUpdater<V> {

        Updater() {
            super(name);
        }

        @Override
        void started(final TimestampedKeyValueStore<String, V> store) {
            recent.forgetAll();
        }

        @Override
        void beforePut(final String key) {
        }

        @Override
        void written(final String key, final TimestampedKeyValueStore<String, V> store) {
            // After the write: a reader that read the old value before it must not keep it.
            recent.forget(key);
        }
    }
}
