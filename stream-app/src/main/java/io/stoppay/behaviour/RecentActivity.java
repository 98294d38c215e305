package io.stoppay.behaviour;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import stoppay.internal.v1.Flow;

/**
 * An account's recent payments both ways, as the rules query them. Read-only, and never
 * includes the payment being decided: rules add it themselves where the threshold counts it
 * ("the N-th victim's transfer is the one held").
 *
 * <p>Over the stores ({@link AccountHistory#of}) nothing is read until a rule asks, and each
 * question reads only its own window: most payments never touch the payee's inflows, and a busy
 * account costs a range scan of the window, not a decode of its whole history.
 */
public final class RecentActivity {

    private static final RecentActivity NONE = of(List.of(), List.of(), (LastActivity) null);

    private final FlowLog inflows;
    private final FlowLog outflows;
    /** Null: the account was never active. */
    private final Supplier<LastActivity> lastActivity;

    RecentActivity(final FlowLog inflows, final FlowLog outflows, final Supplier<LastActivity> lastActivity) {
        this.inflows = inflows;
        this.outflows = outflows;
        this.lastActivity = lastActivity;
    }

    /**
     * An activity held in memory whose last payment, at {@code lastActiveAt}, moved money; null:
     * never active.
     */
    public static RecentActivity of(final List<Flow> inflows, final List<Flow> outflows, final Instant lastActiveAt) {
        return of(inflows, outflows, lastActiveAt == null ? null
                : LastActivity.first(lastActiveAt.toEpochMilli(), true));
    }

    /** An activity held in memory; {@code lastActivity} may be null (never active). */
    public static RecentActivity of(final List<Flow> inflows, final List<Flow> outflows,
                                    final LastActivity lastActivity) {
        return new RecentActivity(inMemory(inflows), inMemory(outflows), () -> lastActivity);
    }

    /** No history at all: an account StopPay has not seen, or a side that is not looked at. */
    public static RecentActivity none() {
        return NONE;
    }

    /** Payments into the account at or after {@code from}, newest first. */
    public List<Flow> inflowsSince(final Instant from) {
        return inflows.since(from);
    }

    /** Payments the account made (or tried to make) at or after {@code from}, newest first. */
    public List<Flow> outflowsSince(final Instant from) {
        return outflows.since(from);
    }

    public int outflowCountSince(final Instant from) {
        return outflows.since(from).size();
    }

    public long outflowAmountSince(final Instant from) {
        return outflows.since(from).stream().mapToLong(Flow::getAmountMinor).sum();
    }

    /**
     * The distinct payees of payments of at least {@code minAmountMinor} at or after {@code from}
     * that were new to the account. A payee counts once however often it was paid: "new" is known
     * only once the money moved (the settlement comes back from the payee's task), so two quick
     * payments to one payee are both new.
     */
    public Set<String> newPayeesSince(final Instant from, final long minAmountMinor) {
        final Set<String> payees = new HashSet<>();
        outflows.since(from).stream().filter(f -> f.getNewCounterparty() && f.getAmountMinor() >= minAmountMinor)
                .forEach(f -> payees.add(f.getCounterparty()));
        return payees;
    }

    /** Money the account received at or after {@code from}; held or stopped payments did not arrive. */
    public long receivedSince(final Instant from) {
        return inflows.since(from).stream().filter(f -> !f.getHeld()).mapToLong(Flow::getAmountMinor).sum();
    }

    /**
     * Of {@link #receivedSince}, the money from payers paying the account for the first time (a
     * victim pays a mule once; an employer or a relative paid the account before). A payer whose
     * profile names no holder, a company or a registered merchant (a payroll, a refund), never
     * counts as a first-time payer: the payee stage records its inflows so.
     */
    public long receivedFromFirstTimePayersSince(final Instant from) {
        return inflows.since(from).stream().filter(f -> !f.getHeld() && f.getNewCounterparty())
                .mapToLong(Flow::getAmountMinor).sum();
    }

    /**
     * Distinct accounts that paid (or tried to pay) this one at least {@code minAmountMinor} at or
     * after {@code from}; with {@code firstTimeOnly}, only those whose payment was their first to
     * this account (see {@link #receivedFromFirstTimePayersSince}).
     */
    public Set<String> payersSince(final Instant from, final long minAmountMinor, final boolean firstTimeOnly) {
        final Set<String> payers = new HashSet<>();
        inflows.since(from).stream().filter(f -> counts(f, minAmountMinor, firstTimeOnly))
                .forEach(f -> payers.add(f.getCounterparty()));
        return payers;
    }

    /** The time of the oldest payment into the account that {@link #payersSince} counts, if any. */
    public Optional<Instant> firstInflowSince(final Instant from, final long minAmountMinor,
                                              final boolean firstTimeOnly) {
        return inflows.since(from).stream().filter(f -> counts(f, minAmountMinor, firstTimeOnly)).map(Flow::getTime)
                .min(Instant::compareTo);
    }

    private static boolean counts(final Flow inflow, final long minAmountMinor, final boolean firstTimeOnly) {
        return inflow.getAmountMinor() >= minAmountMinor && (inflow.getNewCounterparty() || !firstTimeOnly);
    }

    /** When the account last took part in a payment either way, attempts included, as far as StopPay has seen. */
    public Optional<Instant> lastActiveAt() {
        return Optional.ofNullable(lastActivity.get()).map(LastActivity::activeAt);
    }

    /**
     * When the account's money last moved either way, as far as StopPay has seen: held payments and
     * flagged reactivations left out ({@link LastActivity}). Empty when none did.
     */
    public Optional<Instant> lastMovedMoneyAt() {
        return Optional.ofNullable(lastActivity.get()).flatMap(LastActivity::movedMoneyAt);
    }

    /** One direction of an account's payments. */
    @FunctionalInterface
    interface FlowLog {

        /** The flows at or after {@code from}, newest first. */
        List<Flow> since(Instant from);
    }

    private static FlowLog inMemory(final List<Flow> flows) {
        final List<Flow> newestFirst = flows.stream().sorted(Comparator.comparing(Flow::getTime).reversed()).toList();
        return from -> newestFirst.stream().filter(flow -> !flow.getTime().isBefore(from)).toList();
    }
}
