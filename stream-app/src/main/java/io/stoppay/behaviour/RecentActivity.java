package io.stoppay.behaviour;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import stoppay.internal.v1.AccountActivity;
import stoppay.internal.v1.Flow;

/**
 * An account's recent payments both ways, as the rules query them. Read-only, and never
 * includes the payment being decided: rules add it themselves where the threshold counts it
 * ("the N-th victim's transfer is the one held").
 */
public final class RecentActivity {

    private static final RecentActivity NONE = new RecentActivity(List.of(), List.of(), null);

    private final List<Flow> inflows;
    private final List<Flow> outflows;
    private final Instant lastActiveAt;

    private RecentActivity(final List<Flow> inflows, final List<Flow> outflows, final Instant lastActiveAt) {
        this.inflows = inflows;
        this.outflows = outflows;
        this.lastActiveAt = lastActiveAt;
    }

    /** The view of a stored activity; {@code null} (never seen) is an empty history. */
    public static RecentActivity of(final AccountActivity stored) {
        return stored == null ? NONE
                : new RecentActivity(stored.getInflows(), stored.getOutflows(), stored.getLastActiveAt());
    }

    /** No history at all: an account StopPay has not seen, or a side that is not looked at. */
    public static RecentActivity none() {
        return NONE;
    }

    /** Payments the account made (or tried to make) at or after {@code from}. */
    public int outflowCountSince(final Instant from) {
        return (int) outflows.stream().filter(f -> !f.getTime().isBefore(from)).count();
    }

    public long outflowAmountSince(final Instant from) {
        return outflows.stream().filter(f -> !f.getTime().isBefore(from)).mapToLong(Flow::getAmountMinor).sum();
    }

    /** Payments at or after {@code from} to payees the account had not paid before. */
    public int newPayeeCountSince(final Instant from) {
        return (int) outflows.stream().filter(f -> !f.getTime().isBefore(from) && f.getNewCounterparty()).count();
    }

    /** Money the account received at or after {@code from}; held or stopped payments did not arrive. */
    public long receivedSince(final Instant from) {
        return inflows.stream().filter(f -> !f.getTime().isBefore(from) && !f.getHeld())
                .mapToLong(Flow::getAmountMinor).sum();
    }

    /** Distinct accounts that paid (or tried to pay) this one at or after {@code from}. */
    public Set<String> payersSince(final Instant from) {
        final Set<String> payers = new HashSet<>();
        inflows.stream().filter(f -> !f.getTime().isBefore(from)).forEach(f -> payers.add(f.getCounterparty()));
        return payers;
    }

    /** The time of the oldest payment into the account at or after {@code from}, if any. */
    public Optional<Instant> firstInflowSince(final Instant from) {
        return inflows.stream().map(Flow::getTime).filter(time -> !time.isBefore(from)).min(Instant::compareTo);
    }

    /** When the account last moved money either way, as far as StopPay has seen. */
    public Optional<Instant> lastActiveAt() {
        return Optional.ofNullable(lastActiveAt);
    }
}
