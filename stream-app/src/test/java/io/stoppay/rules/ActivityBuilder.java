package io.stoppay.rules;

import io.stoppay.behaviour.RecentActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import stoppay.internal.v1.Flow;

/** An account's recent payments, each stated as how long before {@link FactsBuilder#NOW} it was. */
final class ActivityBuilder {

    private final List<Flow> inflows = new ArrayList<>();
    private final List<Flow> outflows = new ArrayList<>();
    private Instant lastActiveAt;
    private int txnNumber;
    private boolean counted;
    private boolean built;
    private int inflowReads;
    private int outflowReads;

    static ActivityBuilder activity() {
        return new ActivityBuilder();
    }

    ActivityBuilder paid(final String payee, final long amountMinor, final Duration ago) {
        outflows.add(flow(payee, amountMinor, ago, false, false));
        return this;
    }

    ActivityBuilder paidNewPayee(final String payee, final long amountMinor, final Duration ago) {
        outflows.add(flow(payee, amountMinor, ago, true, false));
        return this;
    }

    ActivityBuilder received(final String payer, final long amountMinor, final Duration ago) {
        inflows.add(flow(payer, amountMinor, ago, false, false));
        return this;
    }

    /** A payment from a payer paying this account for the first time. */
    ActivityBuilder receivedFirstPayment(final String payer, final long amountMinor, final Duration ago) {
        inflows.add(flow(payer, amountMinor, ago, true, false));
        return this;
    }

    /** A payment to this account that was held or stopped: tried, but no money arrived. */
    ActivityBuilder receivedHeld(final String payer, final long amountMinor, final Duration ago) {
        inflows.add(flow(payer, amountMinor, ago, false, true));
        return this;
    }

    ActivityBuilder lastActive(final Duration ago) {
        this.lastActiveAt = FactsBuilder.NOW.minus(ago);
        return this;
    }

    /**
     * Makes the next {@link #view()} count how often a rule reads each direction, so a test can
     * prove that a rule decided without a scan. A read looks at the time of every flow (that is
     * how a window is cut); looks while the view is built do not count.
     */
    ActivityBuilder counted() {
        this.counted = true;
        return this;
    }

    /** How often a rule looked into the inflows of the counted view. */
    int inflowReads() {
        return inflowReads;
    }

    /** How often a rule looked into the outflows of the counted view. */
    int outflowReads() {
        return outflowReads;
    }

    RecentActivity view() {
        if (!counted) {
            return RecentActivity.of(List.copyOf(inflows), List.copyOf(outflows), lastActiveAt);
        }
        final RecentActivity view = RecentActivity.of(
                inflows.stream().map(flow -> counting(flow, () -> inflowReads += built ? 1 : 0)).toList(),
                outflows.stream().map(flow -> counting(flow, () -> outflowReads += built ? 1 : 0)).toList(),
                lastActiveAt);
        built = true;
        return view;
    }

    /** A copy of {@code flow} that runs {@code onRead} whenever its time is looked at. */
    private static Flow counting(final Flow flow, final Runnable onRead) {
        return new Flow(flow.getTxnId(), flow.getTime(), flow.getCounterparty(), flow.getAmountMinor(),
                flow.getNewCounterparty(), flow.getHeld(), flow.getOwnBank(), flow.getCounterpartyBank(), flow.getRegion()) {
            @Override
            public Instant getTime() {
                onRead.run();
                return super.getTime();
            }
        };
    }

    private Flow flow(final String counterparty, final long amountMinor, final Duration ago, final boolean newCounterparty,
                      final boolean held) {
        txnNumber++;
        return Flow.newBuilder()
                .setTxnId("P" + txnNumber)
                .setTime(FactsBuilder.NOW.minus(ago))
                .setCounterparty(counterparty)
                .setAmountMinor(amountMinor)
                .setNewCounterparty(newCounterparty)
                .setHeld(held)
                .build();
    }
}
