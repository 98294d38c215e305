package io.stoppay.ordering;

import io.stoppay.schemas.AvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
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
 * <p>Keys are the event time, zero-padded so that their order is time order, then the txnId, so
 * that two payments of one millisecond are both kept. The order lives in memory, keys only (the
 * store is read once, at start): finding the earliest by iterating the store would step over the
 * tombstones of everything released before it, which made a long hold quadratic (measured: 240
 * decisions/s where 1,000 were sustained).
 */
public final class HoldQueue {

    private static final int TIME_DIGITS = 19;

    private final KeyValueStore<String, PendingDecision> store;
    /** Key of each held payment, in time order, to the wall-clock millis it was held from (after a restart: the restart). */
    private final TreeMap<String, Long> heldSince = new TreeMap<>();
    /** Held payments per payer account: a payer's later payments wait behind its earlier ones. */
    private final Map<String, Integer> heldPerPayer = new HashMap<>();
    /** Wall-clock millis of the last release because the watermarks allowed it (or of holding into an empty queue). */
    private long lastReadyReleaseMs;

    private HoldQueue(final KeyValueStore<String, PendingDecision> store, final long nowMs) {
        this.store = store;
        this.lastReadyReleaseMs = nowMs;
        try (KeyValueIterator<String, PendingDecision> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, PendingDecision> next = all.next();
                heldSince.put(next.key, nowMs);
                heldPerPayer.merge(payerOf(next.value), 1, Integer::sum);
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
        return heldSince.isEmpty();
    }

    /** True when a payment of {@code payerAccountId} is held. */
    public boolean holdsPaymentsOf(final String payerAccountId) {
        return heldPerPayer.containsKey(payerAccountId);
    }

    /** Holds a payment, from {@code nowMs} (wall clock). */
    public void add(final PendingDecision held, final long nowMs) {
        final String key = key(held);
        if (heldSince.isEmpty()) {
            lastReadyReleaseMs = nowMs;
        }
        store.put(key, held);
        if (heldSince.putIfAbsent(key, nowMs) == null) {
            heldPerPayer.merge(payerOf(held), 1, Integer::sum);
        }
    }

    /**
     * Judges held payments in event-time order while the earliest is {@code ready}. When nothing
     * has been ready for {@code maxHoldMs} (a partition whose task is down or restoring holds the
     * watermarks back), every payment held that long is judged anyway, as forced. A backlog that
     * drains slowly is no stall: it is released in order however long its payments wait.
     */
    public void release(final long nowMs, final long maxHoldMs, final Predicate<PendingDecision> ready,
                        final Judge judge) {
        while (!heldSince.isEmpty()) {
            final Map.Entry<String, Long> first = heldSince.firstEntry();
            final PendingDecision held = store.get(first.getKey());
            final boolean overdue = nowMs - lastReadyReleaseMs >= maxHoldMs && nowMs - first.getValue() >= maxHoldMs;
            if (!overdue && !ready.test(held)) {
                return;
            }
            if (!overdue) {
                lastReadyReleaseMs = nowMs;
            }
            store.delete(first.getKey());
            heldSince.remove(first.getKey());
            heldPerPayer.computeIfPresent(payerOf(held), (payer, count) -> count == 1 ? null : count - 1);
            judge.judge(held, overdue);
        }
    }

    /** The event time of the earliest held payment; {@link Long#MAX_VALUE} when none is held. */
    public long firstEventTime() {
        return heldSince.isEmpty() ? Long.MAX_VALUE : Long.parseLong(heldSince.firstKey().substring(0, TIME_DIGITS));
    }

    /** What to do with a released payment. */
    @FunctionalInterface
    public interface Judge {

        /** {@code forced}: released after the longest hold, not because it was ready. */
        void judge(PendingDecision held, boolean forced);
    }

    private static String payerOf(final PendingDecision held) {
        return held.getPayment().getPayer().getAccountId();
    }

    private static String key(final PendingDecision held) {
        final String time = Long.toString(held.getPayment().getEventTime().toEpochMilli());
        return "0".repeat(Math.max(0, TIME_DIGITS - time.length())) + time + '|' + held.getPayment().getTxnId();
    }
}
