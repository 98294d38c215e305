package io.stoppay.behaviour;

import io.stoppay.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import stoppay.internal.v1.AccountActivity;
import stoppay.internal.v1.Flow;

/**
 * Every account's recent payments both ways ({@code account-activity}), kept in the task that
 * owns the account: its outflows are recorded by the payer stage, its inflows by the payee stage,
 * and both stages run in the same task because the payments topic and the payments-by-payee
 * repartition topic are co-partitioned by account.
 *
 * <p>Event time: a payment is placed at its event time, so a late one still counts where it
 * belongs, unless it is later than the grace period behind stream time; then it is decided but
 * not remembered (its windows may already have been judged). Flows older than the retention
 * (the longest window a rule may use) are dropped, and at most {@code maxFlows} per direction
 * are kept, so state is bounded by accounts, not payments. {@code lastActiveAt} outlives the
 * flows: dormancy needs it.
 */
public final class AccountHistory {

    public static final String STORE = "account-activity";

    private final KeyValueStore<String, AccountActivity> store;
    private final ProcessingContext context;
    private final Settings settings;

    /** How much history to keep, and how late a payment may be and still count. */
    public record Settings(Duration retention, Duration grace, int maxFlows) {
    }

    private AccountHistory(final ProcessingContext context, final Settings settings) {
        this.store = context.getStateStore(STORE);
        this.context = context;
        this.settings = settings;
    }

    public static AccountHistory in(final ProcessingContext context, final Settings settings) {
        return new AccountHistory(context, settings);
    }

    public static StoreBuilder<KeyValueStore<String, AccountActivity>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                AvroSerde.of(AccountActivity.class));
    }

    public RecentActivity of(final String account) {
        return RecentActivity.of(store.get(account));
    }

    /** True when a payment at {@code eventTime} is too late to be counted in anyone's windows. */
    public boolean isTooLate(final long eventTime) {
        return eventTime < context.currentStreamTimeMs() - settings.grace().toMillis();
    }

    public void recordOutflow(final String account, final Flow flow) {
        update(account, flow, false);
    }

    public void recordInflow(final String account, final Flow flow) {
        update(account, flow, true);
    }

    private void update(final String account, final Flow flow, final boolean inflow) {
        if (isTooLate(flow.getTime().toEpochMilli())) {
            return;
        }
        final AccountActivity stored = store.get(account);
        final AccountActivity activity = stored != null ? stored
                : new AccountActivity(new ArrayList<>(), new ArrayList<>(), null);
        final long horizon = Math.max(context.currentStreamTimeMs(), flow.getTime().toEpochMilli())
                - settings.retention().toMillis();
        activity.setInflows(pruned(activity.getInflows(), inflow ? flow : null, horizon));
        activity.setOutflows(pruned(activity.getOutflows(), inflow ? null : flow, horizon));
        if (activity.getLastActiveAt() == null || activity.getLastActiveAt().isBefore(flow.getTime())) {
            activity.setLastActiveAt(flow.getTime());
        }
        store.put(account, activity);
    }

    /** The flows within the horizon, plus {@code added}, in time order, the newest {@code maxFlows}. */
    private List<Flow> pruned(final List<Flow> flows, final Flow added, final long horizon) {
        final List<Flow> kept = new ArrayList<>(flows.size() + 1);
        for (final Flow flow : flows) {
            if (flow.getTime().toEpochMilli() >= horizon) {
                kept.add(flow);
            }
        }
        if (added != null) {
            kept.add(added);
            kept.sort(Comparator.comparing(Flow::getTime));
        }
        return kept.size() > settings.maxFlows() ? new ArrayList<>(kept.subList(kept.size() - settings.maxFlows(),
                kept.size())) : kept;
    }

    /** A flow as the history records it. */
    public static Flow flow(final String txnId, final Instant time, final String counterparty, final long amountMinor,
                            final boolean newCounterparty, final boolean held) {
        return new Flow(txnId, time, counterparty, amountMinor, newCounterparty, held);
    }
}
