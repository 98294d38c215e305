package io.stoppay.state;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Which keys a global store may hold, as a Bloom filter kept beside it by the global thread
 * ({@link FilteredGlobalStore}): a lookup of a key the filter has never been given skips the store.
 * For the stores most lookups miss: of the up to 16 lookups a payment's identifiers make, almost none
 * finds a listing or a shared subject, and at max rate they were 18.5% of the decisions' stream
 * thread, most of it RocksDB's memtable search (RESULTS.md, 2026-12-02, later).
 *
 * <p>Never a false "absent": a key is added before its value is written, so a reader that finds the
 * store holding a key finds it in the filter too. A deleted key stays in the filter (Bloom filters
 * cannot forget), which costs only a store read that finds nothing. When more keys have been added
 * than the filter was sized for, its false positives grow; the global thread then refills a filter
 * twice the size from the store, and readers switch to it atomically.
 *
 * <p>Thread-safe: Guava's filter is lock-free for one writer (the global thread) and many readers
 * (the stream threads).
 */
public final class GlobalStoreKeys {

    /** A false "may hold" in a hundred lookups: each costs one store read. */
    private static final double FALSE_POSITIVE_RATE = 0.01;

    private final long initialCapacity;
    private volatile BloomFilter<CharSequence> keys;
    private volatile long capacity;

    /**
     * @param initialCapacity keys the filter is sized for at first (1 MiB of memory per million at
     *                        the 1% rate); it grows when more are added
     */
    public GlobalStoreKeys(final long initialCapacity) {
        if (initialCapacity <= 0) {
            throw new IllegalArgumentException("initialCapacity must be positive: " + initialCapacity);
        }
        this.initialCapacity = initialCapacity;
        this.capacity = initialCapacity;
        this.keys = create(initialCapacity);
    }

    /** False when the store cannot hold {@code key}; true when it may. */
    public boolean mayHold(final String key) {
        return keys.mightContain(key);
    }

    /** Keys the filter is sized for now. */
    public long capacity() {
        return capacity;
    }

    /** Adds {@code key}; true when the filter is now over its size and should be {@link #refill refilled}. */
    boolean add(final String key) {
        final BloomFilter<CharSequence> filter = keys;
        filter.put(key);
        return filter.approximateElementCount() > capacity;
    }

    /**
     * Replaces the filter by one built from {@code everyKey} (which passes each key the store holds
     * to the consumer it is given), sized for twice the {@code estimate} of the keys held, and at
     * least the initial capacity; built again, larger, if the store held more than that. Keys added
     * while the refill runs are added to the old filter and lost: call it from the one thread that
     * adds, after writing what it added.
     */
    void refill(final long estimate, final Consumer<Consumer<String>> everyKey) {
        long size = Math.max(initialCapacity, 2 * estimate);
        while (true) {
            final BloomFilter<CharSequence> filter = create(size);
            final long[] held = {0};
            everyKey.accept(key -> {
                filter.put(key);
                held[0]++;
            });
            if (held[0] <= size) {
                capacity = size;
                keys = filter;
                return;
            }
            size = 2 * held[0];
        }
    }

    private static BloomFilter<CharSequence> create(final long capacity) {
        return BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), capacity, FALSE_POSITIVE_RATE);
    }
}
