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
import java.util.List;
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
 * <p>Each payment is one small record, keyed by account at its event time, in a segmented window
 * store per direction ({@code account-inflows}, {@code account-outflows}); recording a payment
 * never rewrites the account's history (design note 9: a hot account used to re-encode up to
 * {@code max.flows} flows per payment). Segments older than the retention are dropped whole, so
 * state is bounded by the payment rate times the retention, with no deletes. Rules read at most
 * the newest {@code maxFlows} flows of a window, so a busy account's cost per question is bounded.
 * {@code account-last-active} outlives the flows: dormancy needs it.
 *
 * <p>Event time: a payment is placed at its event time, so a late one still counts where it
 * belongs, unless it is more than the grace period behind the latest payment this history has
 * recorded; then it is decided and its flow not kept (its windows may already have been judged),
 * though money it moved still moves the account's last activity on.
 * Not stream time: behind a backlog the payer stage reads far ahead of what the watermarks let
 * it judge (design note 12), and a held payment is not late for having been held.
 */
public final class AccountHistory {

    public static final String INFLOWS = "account-inflows";
    public static final String OUTFLOWS = "account-outflows";
    public static final String LAST_ACTIVE = "account-last-active";

    private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private final WindowStore<String, Flow> inflows;
    private final WindowStore<String, Flow> outflows;
    private final KeyValueStore<String, LastActivity> lastActive;
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
        this.inflows = context.getStateStore(INFLOWS);
        this.outflows = context.getStateStore(OUTFLOWS);
        this.lastActive = context.getStateStore(LAST_ACTIVE);
        this.settings = settings;
    }

    public static AccountHistory in(final ProcessingContext context, final Settings settings) {
        return new AccountHistory(context, settings);
    }

    public static List<StoreBuilder<?>> builders(final Settings settings) {
        return List.of(flowStore(INFLOWS, settings), flowStore(OUTFLOWS, settings),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_ACTIVE), Serdes.String(),
                        LastActivity.serde()).withCachingEnabled());
    }

    /**
     * The account's activity within the retention up to {@code eventTime} (epoch millis), read on
     * demand. Payments after it are not part of it, though they may be recorded already (a backlog
     * or a feeder's retry delivers them out of order): judged live, this payment would not have seen
     * them. Payments of the same millisecond are.
     */
    public RecentActivity of(final String account, final long eventTime) {
        final Instant horizon = Instant.ofEpochMilli(eventTime - settings.retention().toMillis());
        return over(upTo(inflows, eventTime), upTo(outflows, eventTime), () -> lastActive.get(account), account,
                horizon, settings);
    }

    /**
     * The activity of {@code account} in stores read outside the processor (interactive queries),
     * or empty when the account was never active. There is no stream time there, so the
     * retention is counted back from the account's own latest payment.
     *
     * @param written the account id as the caller wrote it; the stores hold its canonical form
     *                ({@link CanonicalIdentifiers#accountId})
     */
    public static Optional<RecentActivity> queried(final ReadOnlyWindowStore<String, Flow> inflows,
                                                   final ReadOnlyWindowStore<String, Flow> outflows,
                                                   final ReadOnlyKeyValueStore<String, LastActivity> lastActive,
                                                   final String written, final Settings settings) {
        final String account = CanonicalIdentifiers.accountId(written);
        return Optional.ofNullable(lastActive.get(account)).map(last -> over(upTo(inflows), upTo(outflows),
                () -> last, account, last.activeAt().minus(settings.retention()), settings));
    }

    /**
     * Flows up to {@code untilMs}. The long-typed fetches: the Instant ones format an error-message
     * prefix on every call, a hot-path cost.
     */
    private static Fetch upTo(final WindowStore<String, Flow> store, final long untilMs) {
        return new Fetch() {
            @Override
            public WindowStoreIterator<Flow> oldestFirst(final String account, final long fromMs) {
                return store.fetch(account, fromMs, untilMs);
            }

            @Override
            public WindowStoreIterator<Flow> newestFirst(final String account, final long fromMs) {
                return store.backwardFetch(account, fromMs, untilMs);
            }
        };
    }

    /** All flows, as a subject query reads them. */
    private static Fetch upTo(final ReadOnlyWindowStore<String, Flow> store) {
        return new Fetch() {
            @Override
            public WindowStoreIterator<Flow> oldestFirst(final String account, final long fromMs) {
                return store.fetch(account, Instant.ofEpochMilli(fromMs), LATEST);
            }

            @Override
            public WindowStoreIterator<Flow> newestFirst(final String account, final long fromMs) {
                return store.backwardFetch(account, Instant.ofEpochMilli(fromMs), LATEST);
            }
        };
    }

    /**
     * The account's activity over the stores. Its last activity is read once, and spares the scans
     * of windows it predates: no flow of the account is newer than its last activity, which every
     * flow kept moves on ({@link #keep}). A range scan costs a RocksDB iterator per segment, while the
     * last activity is one cached get, and most accounts have not moved money within the minutes a
     * rule looks back. Only where the last activity bounds the flows ({@link Settings}).
     */
    private static RecentActivity over(final Fetch inflows, final Fetch outflows,
                                       final Supplier<LastActivity> lastActivity, final String account,
                                       final Instant horizon, final Settings settings) {
        final Supplier<LastActivity> lastActive = Suppliers.memoize(lastActivity::get);
        final Supplier<Instant> bound = settings.lastActivityBoundsFlows()
                ? () -> lastActive.get() == null ? null : lastActive.get().activeAt() : () -> LATEST;
        return new RecentActivity(new StoredFlows(inflows, account, horizon, settings.maxFlows(), bound),
                new StoredFlows(outflows, account, horizon, settings.maxFlows(), bound), lastActive);
    }

    /** True when a payment at {@code eventTime} is too late to be counted in anyone's windows. */
    public boolean isTooLate(final long eventTime) {
        return latestRecorded != Long.MIN_VALUE && eventTime < latestRecorded - settings.grace().toMillis();
    }

    /**
     * Records a payment the account made or tried to make. {@code movedMoney} false: StopPay does not
     * know that its money moved (held, stepped up, or flagged as the account's reactivation), so the
     * account's last movement of money, which dormancy reads, stays where it was ({@link LastActivity}).
     */
    public void recordOutflow(final String account, final Flow flow, final boolean movedMoney) {
        record(outflows, account, flow, movedMoney);
    }

    /** Records a payment into the account, as {@link #recordOutflow} does one out of it. */
    public void recordInflow(final String account, final Flow flow, final boolean movedMoney) {
        record(inflows, account, flow, movedMoney);
    }

    /**
     * Records a past payment (a backfill) as the account's outflow: at its event time however
     * old, since history comes in any order, and once, since a backfill may be run again (a flow
     * of the same txnId at the same millisecond is this one). A flow older than the retention is
     * not kept (the store drops it), but still moves the account's last activity.
     */
    public void recordPastOutflow(final String account, final Flow flow) {
        recordPast(outflows, account, flow);
    }

    /** Records a past payment as the account's inflow, as {@link #recordPastOutflow} does an outflow. */
    public void recordPastInflow(final String account, final Flow flow) {
        recordPast(inflows, account, flow);
    }

    private void record(final WindowStore<String, Flow> store, final String account, final Flow flow,
                        final boolean movedMoney) {
        final long time = flow.getTime().toEpochMilli();
        if (isTooLate(time)) {
            // Its windows are judged already, but money that moved ends a dormancy all the same.
            moveLastActivity(account, time, movedMoney);
            return;
        }
        latestRecorded = Math.max(latestRecorded, time);
        keep(store, account, flow, time, movedMoney);
    }

    private void recordPast(final WindowStore<String, Flow> store, final String account, final Flow flow) {
        final long time = flow.getTime().toEpochMilli();
        try (WindowStoreIterator<Flow> sameTime = store.fetch(account, time, time)) {
            while (sameTime.hasNext()) {
                if (sameTime.next().value.getTxnId().equals(flow.getTxnId())) {
                    return;
                }
            }
        }
        keep(store, account, flow, time, true);
    }

    private void keep(final WindowStore<String, Flow> store, final String account, final Flow flow, final long time,
                      final boolean movedMoney) {
        store.put(account, flow, time);
        moveLastActivity(account, time, movedMoney);
    }

    /** No flow is newer than the last activity it leaves ({@link Settings#lastActivityBoundsFlows}). */
    private void moveLastActivity(final String account, final long time, final boolean movedMoney) {
        final LastActivity last = lastActive.get(account);
        final LastActivity next = last == null ? LastActivity.first(time, movedMoney) : last.after(time, movedMoney);
        if (!next.equals(last)) {
            lastActive.put(account, next);
        }
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
    private static StoreBuilder<WindowStore<String, Flow>> flowStore(final String name, final Settings settings) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(name, settings.retention(), Duration.ofMillis(1), true),
                Serdes.String(), AvroSerde.of(Flow.class));
    }

    /** An account's flows one way from a time on, either way round. */
    private interface Fetch {

        WindowStoreIterator<Flow> oldestFirst(String account, long fromMs);

        WindowStoreIterator<Flow> newestFirst(String account, long fromMs);
    }

    /** One direction of one account in a window store, newest first, remembering its last answer. */
    private static final class StoredFlows implements RecentActivity.FlowLog {

        private final Fetch store;
        private final String account;
        private final Instant horizon;
        private final int maxFlows;
        /** No flow is newer than this (the account's last activity); null: the account has none. */
        private final Supplier<Instant> newestFlowBound;
        private Instant lastFrom;
        private List<Flow> lastAnswer;

        StoredFlows(final Fetch store, final String account, final Instant horizon, final int maxFlows,
                    final Supplier<Instant> newestFlowBound) {
            this.store = store;
            this.account = account;
            this.horizon = horizon;
            this.maxFlows = maxFlows;
            this.newestFlowBound = newestFlowBound;
        }

        @Override
        public List<Flow> since(final Instant from) {
            // Rules often ask twice about one window (count, then amount): one scan serves both.
            if (!from.equals(lastFrom)) {
                lastAnswer = read(from.isBefore(horizon) ? horizon : from);
                lastFrom = from;
            }
            return lastAnswer;
        }

        /**
         * The newest {@code maxFlows} flows from {@code from} on, newest first. Read oldest first:
         * RocksDB steps backwards only by searching each memtable's skip list again, which cost 12%
         * of the decisions' stream thread at max rate (design note 29), and a window nearly always
         * holds fewer than {@code maxFlows} flows. Only a busy account's window that holds more is
         * read again newest first, so a busy account costs at most twice {@code maxFlows} flows.
         */
        private List<Flow> read(final Instant from) {
            final Instant bound = newestFlowBound.get();
            if (bound == null || bound.isBefore(from)) {
                return List.of();
            }
            final List<Flow> flows = new ArrayList<>();
            try (WindowStoreIterator<Flow> oldestFirst = store.oldestFirst(account, from.toEpochMilli())) {
                while (oldestFirst.hasNext()) {
                    if (flows.size() == maxFlows) {
                        return newest(from);
                    }
                    flows.add(oldestFirst.next().value);
                }
            }
            // Reversed whole: flows of one millisecond come newest first too, as a backward read gives them.
            Collections.reverse(flows);
            return flows;
        }

        private List<Flow> newest(final Instant from) {
            final List<Flow> flows = new ArrayList<>(maxFlows);
            try (WindowStoreIterator<Flow> newestFirst = store.newestFirst(account, from.toEpochMilli())) {
                while (newestFirst.hasNext() && flows.size() < maxFlows) {
                    flows.add(newestFirst.next().value);
                }
            }
            return flows;
        }
    }
}
