package io.stoppay.behaviour;

import com.google.common.base.Suppliers;
import io.stoppay.config.StopPayConfig;
import io.stoppay.identifier.BankCode;
import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import stoppay.internal.v1.Flow;
import stoppay.v1.PaymentTransaction;

/**
 * Every account's recent payments both ways, kept in the task that owns the account: its
 * outflows are recorded by the payer stage, its inflows by the payee stage, and both stages run
 * in the same task because the payments topic and the payments-by-payee repartition topic are
 * co-partitioned by account.
 *
 * <p>One store, {@code account-flows}: per account and bucket of time (one retention long, from
 * the epoch) one {@link FlowBucket} with the account's payments both ways. A rule's question is
 * answered from at most two buckets (a window is never longer than the retention), so a payment
 * costs each stage one cached get per bucket and one put, where two window stores cost a RocksDB
 * iterator per window asked and per segment (design note 30). Recording a payment copies the
 * bucket's bytes and decodes nothing; a read decodes only what its window holds. Buckets older than
 * two retentions are dropped whole, so state is bounded by the payment rate times the retention,
 * with no deletes; a direction of a bucket keeps the newest {@code maxFlows} payments, the most any
 * rule reads. {@code account-last-active} outlives the flows: dormancy needs it.
 *
 * <p>Event time: a payment is placed at its event time, so a late one still counts where it
 * belongs, unless it is more than the grace period behind the latest payment this history has
 * recorded; then it is decided but not remembered (its windows may already have been judged).
 * Not stream time: behind a backlog the payer stage reads far ahead of what the watermarks let
 * it judge (design note 12), and a held payment is not late for having been held.
 */
public final class AccountHistory {

    public static final String FLOWS = "account-flows";
    public static final String LAST_ACTIVE = "account-last-active";

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final WindowStore<String, byte[]> flows;
    private final KeyValueStore<String, Long> lastActive;
    private final Settings settings;
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
        this.flows = context.getStateStore(FLOWS);
        this.lastActive = context.getStateStore(LAST_ACTIVE);
        this.settings = settings;
    }

    public static AccountHistory in(final ProcessingContext context, final Settings settings) {
        return new AccountHistory(context, settings);
    }

    public static List<StoreBuilder<?>> builders(final Settings settings) {
        // A bucket is read for two retentions after it begins: the look-back of its last payment.
        // Cached: a stage reads an account's bucket and then writes it, and a busy account is
        // written many times per commit, which reach RocksDB and the changelog once.
        return List.of(Stores.windowStoreBuilder(Stores.persistentWindowStore(FLOWS, settings.retention().multipliedBy(2),
                        settings.retention(), false), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
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
        return over(flows, eventTime, () -> {
            final Long last = lastActive.get(account);
            return last == null ? null : Instant.ofEpochMilli(last);
        }, account, eventTime - settings.retention().toMillis(), settings);
    }

    /**
     * The activity of {@code account} in stores read outside the processor (interactive queries),
     * or empty when the account was never active. There is no stream time there, so the
     * retention is counted back from the account's own latest payment.
     *
     * @param written the account id as the caller wrote it; the stores hold its canonical form
     *                ({@link CanonicalIdentifiers#accountId})
     */
    public static Optional<RecentActivity> queried(final ReadOnlyWindowStore<String, byte[]> flows,
                                                   final ReadOnlyKeyValueStore<String, Long> lastActive,
                                                   final String written, final Settings settings) {
        final String account = CanonicalIdentifiers.accountId(written);
        return Optional.ofNullable(lastActive.get(account)).map(last -> over(flows, last,
                () -> Instant.ofEpochMilli(last), account, last - settings.retention().toMillis(), settings));
    }

    /**
     * The account's activity in {@code flows} up to {@code untilMs}, from {@code horizonMs} on. Its
     * last activity is read once, and spares the reads of buckets it predates: no flow of the
     * account is newer than its last activity, which every flow kept moves on ({@link #keep}); the
     * last activity is one cached get, and most accounts have not moved money within the minutes a
     * rule looks back. Only where the last activity bounds the flows ({@link Settings}).
     */
    private static RecentActivity over(final ReadOnlyWindowStore<String, byte[]> flows, final long untilMs,
                                       final Supplier<Instant> lastActiveAt, final String account, final long horizonMs,
                                       final Settings settings) {
        final Supplier<Instant> lastActive = Suppliers.memoize(lastActiveAt::get);
        final Supplier<Instant> bound = settings.lastActivityBoundsFlows() ? lastActive : () -> LATEST;
        final Buckets buckets = new Buckets(flows, account, settings.retention().toMillis());
        return new RecentActivity(new StoredFlows(buckets, FlowBucket.Direction.IN, horizonMs, untilMs, settings.maxFlows(), bound),
                new StoredFlows(buckets, FlowBucket.Direction.OUT, horizonMs, untilMs, settings.maxFlows(), bound),
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
        keep(direction, account, flow, time, flows.fetch(account, bucketOf(time, settings.retention().toMillis())));
    }

    private void recordPast(final FlowBucket.Direction direction, final String account, final Flow flow) {
        final long time = flow.getTime().toEpochMilli();
        final byte[] bucket = flows.fetch(account, bucketOf(time, settings.retention().toMillis()));
        if (!FlowBucket.holds(bucket, direction, time, flow.getTxnId())) {
            keep(direction, account, flow, time, bucket);
        }
    }

    /** Puts {@code flow} into {@code bucket} (its own, as read; null: none yet); a bucket past two retentions is dropped by the store. */
    private void keep(final FlowBucket.Direction direction, final String account, final Flow flow, final long time,
                      final byte[] bucket) {
        flows.put(account, FlowBucket.with(bucket, direction, flow, settings.maxFlows()),
                bucketOf(time, settings.retention().toMillis()));
        final Long last = lastActive.get(account);
        if (last == null || last < time) {
            lastActive.put(account, time);
        }
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

    /** An account's buckets, each read at most once (both directions and every window share them). */
    private static final class Buckets {

        private final ReadOnlyWindowStore<String, byte[]> store;
        private final String account;
        private final long bucketMs;
        private final Map<Long, Optional<byte[]>> read = new HashMap<>(4);

        Buckets(final ReadOnlyWindowStore<String, byte[]> store, final String account, final long bucketMs) {
            this.store = store;
            this.account = account;
            this.bucketMs = bucketMs;
        }

        /** The newest {@code max} flows of {@code direction} from {@code fromMs} to {@code untilMs}, newest first. */
        List<Flow> newest(final FlowBucket.Direction direction, final long fromMs, final long untilMs, final int max) {
            final List<Flow> flows = new ArrayList<>();
            for (long bucket = bucketOf(untilMs, bucketMs); bucket >= bucketOf(fromMs, bucketMs) && flows.size() < max;
                 bucket -= bucketMs) {
                FlowBucket.newestInto(flows, bucket(bucket), direction, fromMs, untilMs, max);
            }
            return flows;
        }

        private byte[] bucket(final long start) {
            return read.computeIfAbsent(start, s -> Optional.ofNullable(store.fetch(account, s))).orElse(null);
        }
    }

    /** One direction of one account, newest first, remembering its last answer. */
    private static final class StoredFlows implements RecentActivity.FlowLog {

        private final Buckets buckets;
        private final FlowBucket.Direction direction;
        private final long horizonMs;
        private final long untilMs;
        private final int maxFlows;
        /** No flow is newer than this (the account's last activity); null: the account has none. */
        private final Supplier<Instant> newestFlowBound;
        private Instant lastFrom;
        private List<Flow> lastAnswer;

        StoredFlows(final Buckets buckets, final FlowBucket.Direction direction, final long horizonMs, final long untilMs,
                    final int maxFlows, final Supplier<Instant> newestFlowBound) {
            this.buckets = buckets;
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
            return buckets.newest(direction, fromMs, untilMs, maxFlows);
        }
    }
}
