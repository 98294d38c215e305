package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.metrics.AppendTime;
import io.stoppay.ordering.EventOrder;
import io.stoppay.ordering.HoldQueue;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.RuleIds;
import io.stoppay.rules.Verdict;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import stoppay.internal.v1.PendingDecision;
import stoppay.internal.v1.Settlement;
import stoppay.v1.PaymentTransaction;

/**
 * The second half of a decision, in the payee's task: adds the payee's recent payments (so
 * fan-in counts this payment too: the N-th victim's transfer is the one held), runs the
 * payee-stage rules, combines every hit into the verdict, records the payment as the payee's
 * inflow and says what to publish. How it ended goes back to its payer's task as a
 * {@link Settlement} when that has news for it: a stopped payment leaves the daily total, and
 * money moved to a new payee makes that payee known (a known one the payer stage keeps known).
 *
 * <p>Payments reach a payee from every payer stage, each at its own pace. Each record carries its
 * sender's watermarks; a payment is judged once every payer stage has sent the payments before it
 * (design note 12), and until then held in event-time order. A watermark record alone only moves
 * the watermarks on.
 *
 * <p>Input: {@link PendingDecision} keyed by payee. Output: {@link Interception} keyed by payee.
 */
final class PayeeStageProcessor implements Processor<String, PendingDecision, String, Interception> {

    static final String HELD = "held-inflows";

    private final DecisionSettings settings;
    private final OrderingSettings ordering;
    private ProcessorContext<String, Interception> context;
    private AccountHistory accounts;
    private FactFinder facts;
    private RuleBookSource ruleBooks;
    private KeyValueStore<String, byte[]> orderStore;
    private HoldQueue held;
    private int self;

    PayeeStageProcessor(final DecisionSettings settings) {
        this.settings = settings;
        this.ordering = settings.ordering();
    }

    @Override
    public void init(final ProcessorContext<String, Interception> context) {
        this.context = context;
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        // Unreadable identifiers are counted once, in the payer stage, which looks up every identifier.
        this.facts = new FactFinder(context, settings, type -> { });
        this.ruleBooks = new RuleBookSource(context, settings);
        this.orderStore = EventOrder.storeIn(context);
        this.held = HoldQueue.in(context, HELD);
        this.self = context.taskId().partition();
    }

    @Override
    public void process(final Record<String, PendingDecision> record) {
        final PendingDecision pending = record.value();
        if (!ordering.enabled()) {
            if (pending.getPayment() != null) {
                decide(record.key(), pending, record);
            }
            return;
        }
        final EventOrder order = EventOrder.load(orderStore, ordering.upstreams());
        order.received(pending.getUpstream(), pending.getSequence(), pending.getWatermark(),
                pending.getAppendWatermark(), pending.getHeldFrom());
        final long now = context.currentSystemTimeMs();
        if (pending.getPayment() != null) {
            // A record from a version without watermarks (upstream -1) is judged as it comes, and so is
            // one the payer stage already judged without waiting any longer.
            if (pending.getUpstream() < 0 || pending.getForced() || held.isEmpty() && ready(order, pending)) {
                decide(record.key(), pending, record);
            } else {
                held.add(pending, now);
                settings.metrics().orderingHeld("payee");
            }
        }
        held.release(now, ordering.maxHoldMs(), first -> ready(order, first), (first, forced) -> {
            if (forced) {
                settings.metrics().orderingForced("payee");
            }
            final RecordHeaders headers = new RecordHeaders();
            AppendTime.stamp(headers, first.getAppendedAt());
            decide(first.getPayment().getPayee().getAccountId(), first, new Record<>(first.getPayment().getPayee()
                    .getAccountId(), first, first.getPayment().getEventTime().toEpochMilli(), headers));
        });
        order.holdingInflowsFrom(held.firstEventTime());
        order.saveUpstreams(orderStore);
    }

    private boolean ready(final EventOrder order, final PendingDecision pending) {
        return order.upstreamsReady(pending.getPayment().getEventTime().toEpochMilli(), pending.getAppendedAt(), self,
                ordering);
    }

    private void decide(final String payee, final PendingDecision pending, final Record<String, PendingDecision> record) {
        final PaymentTransaction txn = pending.getPayment();
        final String payer = txn.getPayer().getAccountId();
        final PaymentFacts paymentFacts = new PaymentFacts(txn, facts.profile(payer), facts.profile(payee),
                facts.accountsAndCards("payer", txn.getPayer()), facts.accountsAndCards("payee", txn.getPayee()), 0,
                pending.getNewPayee(), RecentActivity.none(), accounts.of(payee, txn.getEventTime().toEpochMilli()));
        final Verdict verdict = ruleBooks.current().decide(paymentFacts, pending.getPayerHits());
        // A held payment did not arrive, a step-up's outcome never comes back, and a flagged reactivation stays one.
        accounts.recordInflow(payee, AccountHistory.inflow(txn, paymentFacts.firstPaymentFromAPerson(),
                verdict.stopsMoney()), Verdict.movedMoney(verdict.action(), verdict.hits(), RuleIds.DORMANT_PAYEE_REACTIVATED));
        final Interception interception = settings.publications().of(paymentFacts, verdict,
                context.currentSystemTimeMs());
        final boolean moved = !verdict.stopsMoney();
        final long takenBack = moved ? 0 : settings.nonCounterMinor(txn);
        // Only a new payee's settlement has news for the payer's task: a known one stays known.
        final boolean settles = moved ? pending.getNewPayee() : takenBack > 0;
        context.forward(record.withKey(payee).withValue(settles
                ? interception.withSettlement(new Settlement(txn.getTxnId(), payee, -takenBack, txn.getEventTime(), moved))
                : interception));
    }
}
