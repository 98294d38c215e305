package io.stoppay.ordering;

import io.stoppay.schemas.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.internal.v1.PendingDecision;

/**
 * Payments held back until the inflows before them are recorded, in event-time order, in a
 * persistent store (its changelog keeps them through a crash: their input offsets are already
 * committed). Empty in live traffic; it fills only while a backlog is put in order.
 *
 * <p>Keys are the event time, zero-padded so that RocksDB's byte order is time order, then the
 * txnId, so that two payments of one millisecond are both kept.
 */
public final class HoldQueue {

    private final KeyValueStore<String, PendingDecision> store;
    /** Wall-clock millis each held payment was held from; after a restart, the restart. */
    private final Map<String, Long> heldSince = new HashMap<>();
    private final long restoredAtMs;
    private long size;

    private HoldQueue(final KeyValueStore<String, PendingDecision> store, final long nowMs) {
        this.store = store;
        this.restoredAtMs = nowMs;
        try (KeyValueIterator<String, PendingDecision> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                size++;
            }
        }
    }

    public static StoreBuilder<KeyValueStore<String, PendingDecision>> builder(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                AvroSerde.of(PendingDecision.class));
    }

    public static HoldQueue in(final ProcessingContext context, final String name) {
        return new HoldQueue(context.getStateStore(name), context.currentSystemTimeMs());
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long size() {
        return size;
    }

    /** Holds a payment, from {@code nowMs} (wall clock). */
    public void add(final PendingDecision held, final long nowMs) {
        final String key = key(held);
        if (store.get(key) == null) {
            size++;
        }
        store.put(key, held);
        heldSince.put(key, nowMs);
    }

    /**
     * Judges held payments in event-time order while the earliest is {@code ready}, and any held
     * for {@code maxHoldMs} or longer whatever it waits for (judged as forced), so that a
     * partition whose task is down delays decisions by at most that much.
     */
    public void release(final long nowMs, final long maxHoldMs, final Predicate<PendingDecision> ready,
                        final Judge judge) {
        while (size > 0) {
            final PendingDecision first = first().orElseThrow();
            final boolean overdue = nowMs - heldSince.getOrDefault(key(first), restoredAtMs) >= maxHoldMs;
            if (!overdue && !ready.test(first)) {
                return;
            }
            remove(first);
            judge.judge(first, overdue);
        }
    }

    private Optional<PendingDecision> first() {
        if (size == 0) {
            return Optional.empty();
        }
        try (KeyValueIterator<String, PendingDecision> all = store.all()) {
            return all.hasNext() ? Optional.of(all.next()).map(entry -> entry.value) : Optional.empty();
        }
    }

    private void remove(final PendingDecision held) {
        final String key = key(held);
        if (store.delete(key) != null) {
            size--;
        }
        heldSince.remove(key);
    }

    /** The event time of the earliest held payment; {@link Long#MAX_VALUE} when none is held. */
    public long firstEventTime() {
        return first().map(held -> held.getPayment().getEventTime().toEpochMilli()).orElse(Long.MAX_VALUE);
    }

    /** What to do with a released payment. */
    @FunctionalInterface
    public interface Judge {

        /** {@code forced}: released after the longest hold, not because it was ready. */
        void judge(PendingDecision held, boolean forced);
    }

    private static String key(final PendingDecision held) {
        final StringBuilder key = new StringBuilder(40);
        final String time = Long.toString(held.getPayment().getEventTime().toEpochMilli());
        key.append("0".repeat(Math.max(0, 19 - time.length()))).append(time).append('|')
                .append(held.getPayment().getTxnId());
        return key.toString();
    }
}
