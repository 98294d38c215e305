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

    /** A payment to this account that was held or stopped: tried, but no money arrived. */
    ActivityBuilder receivedHeld(final String payer, final long amountMinor, final Duration ago) {
        inflows.add(flow(payer, amountMinor, ago, false, true));
        return this;
    }

    ActivityBuilder lastActive(final Duration ago) {
        this.lastActiveAt = FactsBuilder.NOW.minus(ago);
        return this;
    }

    RecentActivity view() {
        return RecentActivity.of(List.copyOf(inflows), List.copyOf(outflows), lastActiveAt);
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
