package io.stoppay.state;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The values of a global store read most recently, decoded, on the heap ({@link CachedGlobalStore}):
 * for a store every payment reads more than once. A payment reads both accounts' profiles in its payer
 * stage and again in its payee stage, and each read was a RocksDB get and an Avro decode: 7% of the
 * decisions' stream thread at max rate (load-tests/RESULTS.md, 2026-12-02, night).
 *
 * <p>Never stale. The global thread writes the store, then counts the write, then forgets the key. A
 * reader notes the count before it reads the store, and keeps what it read only if the count is
 * unchanged, deciding that atomically with respect to the forgetting of that key (one map operation
 * on the key, under its segment's lock). So a value read before a write is either forgotten by the
 * write or never kept. A write to any key spares no other key's kept value; it only keeps the values
 * read while it happened from being kept.
 *
 * <p>Thread-safe: one writer (the global thread), many readers (the stream threads). A value kept is
 * handed to every reader as the same object: readers must not change it (Avro records are mutable).
 *
 * @param <V> the store's values
 */
public final class RecentValues<V> {

    private final Cache<String, Optional<V>> kept;
    private final AtomicLong writes = new AtomicLong();

    /** Keeps at most {@code maxEntries} values (absent ones too), the least recently used going first. */
    public RecentValues(final long maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.kept = CacheBuilder.newBuilder().maximumSize(maxEntries).build();
    }

    /**
     * The value of {@code key}, null when the store holds none: the one kept, else what {@code read}
     * finds in the store (called outside any lock), kept unless the store was written meanwhile.
     */
    public V get(final String key, final Function<String, V> read) {
        final Optional<V> known = kept.getIfPresent(key);
        if (known != null) {
            return known.orElse(null);
        }
        final long writesBefore = writes.get();
        final V value = read.apply(key);
        kept.asMap().compute(key, (k, current) -> writes.get() == writesBefore ? Optional.ofNullable(value) : current);
        return value;
    }

    /** After the store's value of {@code key} was written or deleted. */
    void forget(final String key) {
        writes.incrementAndGet();
        kept.invalidate(key);
    }

    /** When the store may have changed without a word (the global thread starts over). */
    void forgetAll() {
        writes.incrementAndGet();
        kept.invalidateAll();
    }
}
