package io.stoppay.behaviour;

import com.google.common.base.Suppliers;
import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.BankCode;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import stoppay.internal.v1.Flow;
import stoppay.v1.PaymentTransaction;

/**
 * Every account's recent payments both ways, kept in the task that owns the account: its
 * outflows are recorded by the payer stage, its inflows by the payee stage, and both stages run
 * in the same task because the payments topic and the payments-by-payee repartition topic are
 * co-partitioned by account.
 *
 * <p>Per account and bucket of time (one retention long, from the epoch), one {@link FlowBucket}
 * in {@code account-flows} holds its payments both ways, up to {@value FlowBucket#CAPACITY} each.
 * A rule's question is answered from at most two buckets (a window is never longer than the
 * retention), so for an ordinary account a payment costs each stage one cached get and one put,
 * where it used to cost a RocksDB iterator per window asked and per segment (design note 30). A
 * direction that overflows its bucket (a merchant, a collection account) goes on in an
 * append-only log per direction ({@code account-inflows}, {@code account-outflows}: a segmented
 * window store, one small record per payment, design note 9), read with a range scan as before.
 * Buckets are dropped whole two retentions after they began and the log's segments past the
 * retention, so state is bounded by the payment rate times the retention, with no deletes. Rules
 * read at most the newest {@code maxFlows} flows of a window. {@code account-last-active} outlives
 * the flows: dormancy needs it.
 *
 * <p>Event time: a payment is placed at its event time, so a late one still counts where it
 * belongs, unless it is more than the grace period behind the latest payment this history has
 * recorded; then it is decided but not remembered (its windows may already have been judged).
 * Not stream time: behind a backlog the payer stage reads far ahead of what the watermarks let
 * it judge (design note 12), and a held payment is not late for having been held.
 */
public final class AccountHistory {

    public static final String FLOWS = "account-flows";
    public static final String INFLOWS = "account-inflows";
    public static final String OUTFLOWS = "account-outflows";
    public static final String LAST_ACTIVE = "account-last-active";

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final WindowStore<String, byte[]> buckets;
    private final WindowStore<String, Flow> inflows;
    private final WindowStore<String, Flow> outflows;
    private final KeyValueStore<String, Long> lastActive;
    private final Settings settings;
    private final long bucketMs;
    /** Epoch millis of the latest payment recorded through this instance (in this processor of this task). */
    private long latestRecorded = Long.MIN_VALUE;

    /**
     * How much history to keep and read, and how late a payment may be and still count.
     * {@code lastActivityBoundsFlows}: no flow is newer than the account's last activity, so a window
     * it predates need not be scanned. True only under exactly-once: there the flows and the last
     * activity (cached, so logged only at commit) commit together. Under at-least-once a crash can
     * leave a flow restored from its changelog and the last activity older, and the replayed payment
     * is then dropped as a redelivery without moving it.
     */
    public record Settings(Duration retention, Duration grace, int maxFlows, boolean lastActivityBoundsFlows) {

        public static Settings from(final StopPayConfig config) {
            return new Settings(config.duration(StopPayConfig.BEHAVIOUR_RETENTION_MS),
                    config.duration(StopPayConfig.BEHAVIOUR_GRACE_MS), config.intValue(StopPayConfig.BEHAVIOUR_MAX_FLOWS),
                    StreamsConfig.EXACTLY_ONCE_V2.equals(config.string(StopPayConfig.PROCESSING_GUARANTEE)));
        }
    }

    private AccountHistory(final ProcessingContext context, final Settings settings) {
        this.buckets = context.getStateStore(FLOWS);
        this.inflows = context.getStateStore(INFLOWS);
        this.outflows = context.getStateStore(OUTFLOWS);
        this.lastActive = context.getStateStore(LAST_ACTIVE);
        this.settings = settings;
        this.bucketMs = settings.retention().toMillis();
    }

    public static AccountHistory in(final ProcessingContext context, final Settings settings) {
        return new AccountHistory(context, settings);
    }

    public static List<StoreBuilder<?>> builders(final Settings settings) {
        // A bucket is read for two retentions after it begins: the look-back of its last payment.
        // Cached: a stage reads an account's bucket and then writes it, and an account written more
        // than once per commit reaches RocksDB and the changelog once.
        return List.of(Stores.windowStoreBuilder(Stores.persistentWindowStore(FLOWS, settings.retention().multipliedBy(2),
                        settings.retention(), false), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
                logStore(INFLOWS, settings), logStore(OUTFLOWS, settings),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_ACTIVE), Serdes.String(), Serdes.Long())
                        .withCachingEnabled());
    }

    /**
     * The account's activity within the retention up to {@code eventTime} (epoch millis), read on
     * demand. Payments after it are not part of it, though they may be recorded already (a backlog
     * or a feeder's retry delivers them out of order): judged live, this payment would not have seen
     * them. Payments of the same millisecond are.
     */
    public RecentActivity of(final String account, final long eventTime) {
        return over(new Source(buckets::fetch, logOf(inflows, eventTime), logOf(outflows, eventTime), account, bucketMs),
                eventTime, () -> {
                    final Long last = lastActive.get(account);
                    return last == null ? null : Instant.ofEpochMilli(last);
                }, eventTime - bucketMs, settings);
    }

    /**
     * The activity of {@code account} in stores read outside the processor (interactive queries),
     * or empty when the account was never active. There is no stream time there, so the
     * retention is counted back from the account's own latest payment.
     *
     * @param written the account id as the caller wrote it; the stores hold its canonical form
     *                ({@link CanonicalIdentifiers#accountId})
     */
    public static Optional<RecentActivity> queried(final ReadOnlyWindowStore<String, byte[]> buckets,
                                                   final ReadOnlyWindowStore<String, Flow> inflows,
                                                   final ReadOnlyWindowStore<String, Flow> outflows,
                                                   final ReadOnlyKeyValueStore<String, Long> lastActive,
                                                   final String written, final Settings settings) {
        final String account = CanonicalIdentifiers.accountId(written);
        final long bucketMs = settings.retention().toMillis();
        return Optional.ofNullable(lastActive.get(account)).map(last -> over(
                new Source(buckets::fetch, logOf(inflows), logOf(outflows), account, bucketMs),
                last, () -> Instant.ofEpochMilli(last), last - bucketMs, settings));
    }

    /**
     * A log's flows up to {@code untilMs}. The long-typed fetches: the Instant ones format an
     * error-message prefix on every call, a hot-path cost.
     */
    private static Log logOf(final WindowStore<String, Flow> store, final long untilMs) {
        return new Log() {
            @Override
            public WindowStoreIterator<Flow> oldestFirst(final String account, final long fromMs, final long toMs) {
                return store.fetch(account, fromMs, Math.min(toMs, untilMs));
            }

            @Override
            public WindowStoreIterator<Flow> newestFirst(final String account, final long fromMs, final long toMs) {
                return store.backwardFetch(account, fromMs, Math.min(toMs, untilMs));
            }
        };
    }

    /** A log as a subject query reads it. */
    private static Log logOf(final ReadOnlyWindowStore<String, Flow> store) {
        return new Log() {
            @Override
            public WindowStoreIterator<Flow> oldestFirst(final String account, final long fromMs, final long toMs) {
                return store.fetch(account, Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs));
            }

            @Override
            public WindowStoreIterator<Flow> newestFirst(final String account, final long fromMs, final long toMs) {
                return store.backwardFetch(account, Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs));
            }
        };
    }

    /**
     * The account's activity in {@code source} up to {@code untilMs}, from {@code horizonMs} on. Its
     * last activity is read once, and spares every read it predates: no flow of the account is
     * newer than its last activity, which every flow kept moves on ({@link #keep}); the last activity
     * is one cached get, and most accounts have not moved money within the minutes a rule looks
     * back. Only where the last activity bounds the flows ({@link Settings}).
     */
    private static RecentActivity over(final Source source, final long untilMs, final Supplier<Instant> lastActiveAt,
                                       final long horizonMs, final Settings settings) {
        final Supplier<Instant> lastActive = Suppliers.memoize(lastActiveAt::get);
        final Supplier<Instant> bound = settings.lastActivityBoundsFlows() ? lastActive : () -> LATEST;
        return new RecentActivity(
                new StoredFlows(source, FlowBucket.Direction.IN, horizonMs, untilMs, settings.maxFlows(), bound),
                new StoredFlows(source, FlowBucket.Direction.OUT, horizonMs, untilMs, settings.maxFlows(), bound),
                lastActive);
    }

    /** True when a payment at {@code eventTime} is too late to be counted in anyone's windows. */
    public boolean isTooLate(final long eventTime) {
        return latestRecorded != Long.MIN_VALUE && eventTime < latestRecorded - settings.grace().toMillis();
    }

    public void recordOutflow(final String account, final Flow flow) {
        record(FlowBucket.Direction.OUT, account, flow);
    }

    public void recordInflow(final String account, final Flow flow) {
        record(FlowBucket.Direction.IN, account, flow);
    }

    /**
     * Records a past payment (a backfill) as the account's outflow: at its event time however
     * old, since history comes in any order, and once, since a backfill may be run again (a flow
     * of the same txnId at the same millisecond is this one). A flow older than the retention is
     * not kept (the store drops it), but still moves the account's last activity.
     */
    public void recordPastOutflow(final String account, final Flow flow) {
        recordPast(FlowBucket.Direction.OUT, account, flow);
    }

    /** Records a past payment as the account's inflow, as {@link #recordPastOutflow} does an outflow. */
    public void recordPastInflow(final String account, final Flow flow) {
        recordPast(FlowBucket.Direction.IN, account, flow);
    }

    private void record(final FlowBucket.Direction direction, final String account, final Flow flow) {
        final long time = flow.getTime().toEpochMilli();
        if (isTooLate(time)) {
            return;
        }
        latestRecorded = Math.max(latestRecorded, time);
        keep(direction, account, flow, time, buckets.fetch(account, bucketOf(time, bucketMs)));
    }

    private void recordPast(final FlowBucket.Direction direction, final String account, final Flow flow) {
        final long time = flow.getTime().toEpochMilli();
        final byte[] bucket = buckets.fetch(account, bucketOf(time, bucketMs));
        final boolean known = FlowBucket.overflowed(bucket, direction)
                ? loggedAt(log(direction), account, time, flow.getTxnId())
                : FlowBucket.holds(bucket, direction, time, flow.getTxnId());
        if (!known) {
            keep(direction, account, flow, time, bucket);
        }
    }

    private static boolean loggedAt(final WindowStore<String, Flow> log, final String account, final long time,
                                    final String txnId) {
        try (WindowStoreIterator<Flow> sameTime = log.fetch(account, time, time)) {
            while (sameTime.hasNext()) {
                if (sameTime.next().value.getTxnId().equals(txnId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Records {@code flow} in its bucket ({@code bucket} as read; null: none yet), or in the log once
     * the direction overflowed; a bucket or log segment past its retention is dropped by the store.
     */
    private void keep(final FlowBucket.Direction direction, final String account, final Flow flow, final long time,
                      final byte[] bucket) {
        final long start = bucketOf(time, bucketMs);
        if (FlowBucket.overflowed(bucket, direction)) {
            log(direction).put(account, flow, time);
        } else if (!FlowBucket.full(bucket, direction)) {
            buckets.put(account, FlowBucket.with(bucket, direction, flow), start);
        } else {
            final List<Flow> held = new ArrayList<>();
            FlowBucket.newestInto(held, bucket, direction, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
            held.forEach(kept -> log(direction).put(account, kept, kept.getTime().toEpochMilli()));
            log(direction).put(account, flow, time);
            buckets.put(account, FlowBucket.overflowing(bucket, direction), start);
        }
        final Long last = lastActive.get(account);
        if (last == null || last < time) {
            lastActive.put(account, time);
        }
    }

    private WindowStore<String, Flow> log(final FlowBucket.Direction direction) {
        return direction == FlowBucket.Direction.IN ? inflows : outflows;
    }

    /** The start of the bucket that holds a payment at {@code timeMs}: buckets are {@code bucketMs} long, from the epoch. */
    private static long bucketOf(final long timeMs, final long bucketMs) {
        return timeMs - Math.floorMod(timeMs, bucketMs);
    }

    /**
     * {@code txn} as its payer's history records it: the payee is the counterparty, and the flow
     * carries both sides' banks and the payment's region (the payer's), so that a subject query can
     * tell where the account belongs without a store of its own (no extra read or write per payment).
     */
    public static Flow outflow(final PaymentTransaction txn, final boolean newCounterparty, final boolean held) {
        return new Flow(txn.getTxnId(), txn.getEventTime(), txn.getPayee().getAccountId(), txn.getAmountMinor(),
                newCounterparty, held, BankCode.of(txn.getPayer().getBankCode()), BankCode.of(txn.getPayee().getBankCode()),
                txn.getRegionCode());
    }

    /**
     * {@code txn} as its payee's history records it: the payer is the counterparty. No region: a
     * payment's region is its payer's, not the payee's.
     */
    public static Flow inflow(final PaymentTransaction txn, final boolean newCounterparty, final boolean held) {
        return new Flow(txn.getTxnId(), txn.getEventTime(), txn.getPayer().getAccountId(), txn.getAmountMinor(),
                newCounterparty, held, BankCode.of(txn.getPayee().getBankCode()), BankCode.of(txn.getPayer().getBankCode()),
                null);
    }

    /**
     * Duplicates retained: two payments of one account in the same millisecond are two flows.
     * (Kafka Streams disables the record cache for such a store; every put goes to RocksDB and
     * the changelog, which is what a small append should cost.)
     */
    private static StoreBuilder<WindowStore<String, Flow>> logStore(final String name, final Settings settings) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(name, settings.retention(), Duration.ofMillis(1), true),
                Serdes.String(), AvroSerde.of(Flow.class));
    }

    /** An account's log of one direction between two times, either way round. */
    private interface Log {

        WindowStoreIterator<Flow> oldestFirst(String account, long fromMs, long toMs);

        WindowStoreIterator<Flow> newestFirst(String account, long fromMs, long toMs);
    }

    /** Reads an account's bucket starting at a time: the live store's fetch or a queried one's. */
    @FunctionalInterface
    private interface BucketRead {

        byte[] fetch(String account, long startMs);
    }

    /**
     * Where one account's flows are read: its buckets, each read at most once (both directions and
     * every window share them), and the log of a direction that overflowed one.
     */
    private static final class Source {

        private final BucketRead buckets;
        private final Log inflows;
        private final Log outflows;
        private final String account;
        private final long bucketMs;
        private final Map<Long, Optional<byte[]>> read = new HashMap<>(4);

        Source(final BucketRead buckets, final Log inflows, final Log outflows, final String account, final long bucketMs) {
            this.buckets = buckets;
            this.inflows = inflows;
            this.outflows = outflows;
            this.account = account;
            this.bucketMs = bucketMs;
        }

        /** The newest {@code max} flows of {@code direction} from {@code fromMs} to {@code untilMs}, newest first. */
        List<Flow> newest(final FlowBucket.Direction direction, final long fromMs, final long untilMs, final int max) {
            final List<Flow> flows = new ArrayList<>();
            for (long start = bucketOf(untilMs, bucketMs); start >= bucketOf(fromMs, bucketMs) && flows.size() < max;
                 start -= bucketMs) {
                final byte[] bucket = bucket(start);
                final long from = Math.max(fromMs, start);
                final long until = Math.min(untilMs, start + bucketMs - 1);
                if (FlowBucket.overflowed(bucket, direction)) {
                    fromLog(flows, direction == FlowBucket.Direction.IN ? inflows : outflows, from, until, max);
                } else {
                    FlowBucket.newestInto(flows, bucket, direction, from, until, max);
                }
            }
            return flows;
        }

        /**
         * Adds the newest flows of {@code log} from {@code fromMs} to {@code untilMs}, newest first, up
         * to {@code max} in all. Read oldest first: RocksDB steps backwards only by searching each
         * memtable's skip list again (design note 29), and a window nearly always holds fewer than
         * {@code max}; only a window that holds more is read again newest first.
         */
        private void fromLog(final List<Flow> into, final Log log, final long fromMs, final long untilMs, final int max) {
            final int room = max - into.size();
            final List<Flow> flows = new ArrayList<>();
            try (WindowStoreIterator<Flow> oldestFirst = log.oldestFirst(account, fromMs, untilMs)) {
                while (oldestFirst.hasNext()) {
                    if (flows.size() == room) {
                        newestFromLog(into, log, fromMs, untilMs, max);
                        return;
                    }
                    flows.add(oldestFirst.next().value);
                }
            }
            // Reversed whole: flows of one millisecond come newest first too, as a backward read gives them.
            Collections.reverse(flows);
            into.addAll(flows);
        }

        private void newestFromLog(final List<Flow> into, final Log log, final long fromMs, final long untilMs,
                                   final int max) {
            try (WindowStoreIterator<Flow> newestFirst = log.newestFirst(account, fromMs, untilMs)) {
                while (newestFirst.hasNext() && into.size() < max) {
                    into.add(newestFirst.next().value);
                }
            }
        }

        private byte[] bucket(final long start) {
            return read.computeIfAbsent(start, s -> Optional.ofNullable(buckets.fetch(account, s))).orElse(null);
        }
    }

    /** One direction of one account, newest first, remembering its last answer. */
    private static final class StoredFlows implements RecentActivity.FlowLog {

        private final Source source;
        private final FlowBucket.Direction direction;
        private final long horizonMs;
        private final long untilMs;
        private final int maxFlows;
        /** No flow is newer than this (the account's last activity); null: the account has none. */
        private final Supplier<Instant> newestFlowBound;
        private Instant lastFrom;
        private List<Flow> lastAnswer;

        StoredFlows(final Source source, final FlowBucket.Direction direction, final long horizonMs, final long untilMs,
                    final int maxFlows, final Supplier<Instant> newestFlowBound) {
            this.source = source;
            this.direction = direction;
            this.horizonMs = horizonMs;
            this.untilMs = untilMs;
            this.maxFlows = maxFlows;
            this.newestFlowBound = newestFlowBound;
        }

        @Override
        public List<Flow> since(final Instant from) {
            // Rules often ask twice about one window (count, then amount): one read serves both.
            if (!from.equals(lastFrom)) {
                lastAnswer = read(Math.max(horizonMs, from.toEpochMilli()));
                lastFrom = from;
            }
            return lastAnswer;
        }

        /** The newest {@code maxFlows} flows from {@code fromMs} on, newest first. */
        private List<Flow> read(final long fromMs) {
            final Instant bound = newestFlowBound.get();
            if (bound == null || bound.toEpochMilli() < fromMs) {
                return List.of();
            }
            return source.newest(direction, fromMs, untilMs, maxFlows);
        }
    }
}
