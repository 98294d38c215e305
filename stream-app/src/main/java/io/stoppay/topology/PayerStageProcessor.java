package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.metrics.AppendTime;
import io.stoppay.ordering.EventOrder;
import io.stoppay.ordering.HoldQueue;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.ordering.WatermarkSends;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.RuleBook;
import io.stoppay.rules.RuleIds;
import io.stoppay.rules.Verdict;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.internal.v1.PendingDecision;
import stoppay.v1.Action;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RuleHit;

/**
 * The first half of a decision, in the payer's task: drops a redelivered txnId, gathers what is
 * known about the payer (profile, restrictions, today's total, known payees, recent payments both
 * ways), runs the payer-stage rules and records the payment as the payer's outflow. Then the
 * payment travels on, keyed by payee, with its hits. Its amount counts towards the daily total
 * from here on, so the next payment sees it even before this one is settled.
 *
 * <p>With ordering off (the default), every payment is judged as it arrives. With ordering on
 * (design note 12), a payment is judged as it arrives unless a payer-stage rule could hit it once
 * inflows of the payer still on their way are recorded (a large forward that could be a
 * pass-through): only such a payment, and the payer's payments after it, are held, in event-time
 * order, until the watermarks of every payer stage say the inflows before it have been recorded.
 * Holding only those keeps the stages from waiting on each other's holds, which made every payment
 * of a backlog wait a watermark round trip per second of event time. Every record sent on carries
 * this stage's watermarks, and a wall-clock tick sends them on their own to each partition that has
 * had none from this stage for a commit interval, so that quiet partitions do not hold the others
 * back.
 *
 * <p>Input: valid payments keyed by payer. Output: {@link PendingDecision} keyed by payee, and
 * watermark records (no payment) to the partitions that need them.
 */
final class PayerStageProcessor implements Processor<String, PaymentTransaction, String, PendingDecision> {

    static final String HELD = "held-payments";

    private static final Logger LOG = LoggerFactory.getLogger(PayerStageProcessor.class);

    private final DecisionSettings settings;
    private final OrderingSettings ordering;
    private ProcessorContext<String, PendingDecision> context;
    private PayerHistory payerHistory;
    private AccountHistory accounts;
    private FactFinder facts;
    private RuleBookSource ruleBooks;
    private KeyValueStore<String, byte[]> orderStore;
    private HoldQueue held;
    private int self;
    private long lastPaymentAtMs;
    private WatermarkSends sends;

    PayerStageProcessor(final DecisionSettings settings) {
        this.settings = settings;
        this.ordering = settings.ordering();
    }

    @Override
    public void init(final ProcessorContext<String, PendingDecision> context) {
        this.context = context;
        this.payerHistory = PayerHistory.in(context, settings.payerHistory());
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        this.facts = new FactFinder(context, settings, settings.metrics()::unreadableIdentifier);
        this.ruleBooks = new RuleBookSource(context, settings);
        this.orderStore = EventOrder.storeIn(context);
        this.held = HoldQueue.in(context, HELD);
        this.self = context.taskId().partition();
        this.lastPaymentAtMs = context.currentSystemTimeMs();
        if (ordering.enabled()) {
            this.sends = new WatermarkSends(ordering.upstreams());
            context.schedule(Duration.ofMillis(ordering.tickMs()), PunctuationType.WALL_CLOCK_TIME, this::tick);
        }
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        final long eventTime = record.timestamp();
        if (!payerHistory.firstSighting(txn.getTxnId(), eventTime)) {
            LOG.atDebug().setMessage("redelivered payment not decided again").addKeyValue("txnId", txn.getTxnId()).log();
            settings.metrics().redelivered();
            return;
        }
        final long appendedAt = AppendTime.of(record.headers()).orElse(eventTime);
        if (!ordering.enabled()) {
            decide(null, factsOf(txn, eventTime), appendedAt, false, record);
            return;
        }
        final long now = context.currentSystemTimeMs();
        lastPaymentAtMs = now;
        final EventOrder order = EventOrder.load(orderStore, ordering.upstreams());
        order.read(eventTime, appendedAt);
        final PaymentFacts paymentFacts = factsOf(txn, eventTime);
        // A payer's payments are judged in order; of the others, only those the payer's inflows
        // still on their way could change wait for the watermarks.
        if (!held.holdsPaymentsOf(txn.getPayer().getAccountId())
                && (!ruleBooks.current().awaitsPayerInflows(paymentFacts) || ready(order, eventTime, appendedAt))) {
            decide(order, paymentFacts, appendedAt, false, record);
        } else {
            held.add(new PendingDecision(txn, List.of(), "", false, appendedAt, self, 0L, 0L, 0L, false,
                    Long.MAX_VALUE), now);
            settings.metrics().orderingHeld("payer");
            releaseHeld(order, now);
        }
        order.savePayerProgress(orderStore);
    }

    /**
     * The wall-clock tick: a quiet partition claims to be caught up, held payments whose inflows
     * have arrived are judged, and changed watermarks go to every partition that has had no record
     * from this stage for a commit interval (others see them only once they are committed).
     */
    private void tick(final long now) {
        final EventOrder order = EventOrder.load(orderStore, ordering.upstreams());
        if (now - lastPaymentAtMs >= ordering.idleAfterMs()) {
            order.idleUntil(now - ordering.idleLagMs());
        }
        releaseHeld(order, now);
        for (final int partition : sends.due(order, now, ordering.watermarkEveryMs())) {
            context.forward(new Record<>(Integer.toString(partition), stamped(order, null, List.of(), "", false, 0L, false),
                    Math.max(0, order.watermark())));
            sends.sent(partition, order, now);
        }
        order.savePayerProgress(orderStore);
    }

    private boolean ready(final EventOrder order, final long eventTime, final long appendedAt) {
        order.reloadUpstreams(orderStore);
        return order.noInflowHeldBefore(eventTime, ordering) && order.upstreamsReady(eventTime, appendedAt, self, ordering);
    }

    private void releaseHeld(final EventOrder order, final long now) {
        held.release(now, ordering.maxHoldMs(),
                first -> {
                    final long eventTime = first.getPayment().getEventTime().toEpochMilli();
                    return !ruleBooks.current().awaitsPayerInflows(factsOf(first.getPayment(), eventTime))
                            || ready(order, eventTime, first.getAppendedAt());
                },
                (first, forced) -> {
                    if (forced) {
                        settings.metrics().orderingForced("payer");
                    }
                    final long eventTime = first.getPayment().getEventTime().toEpochMilli();
                    final RecordHeaders headers = new RecordHeaders();
                    AppendTime.stamp(headers, first.getAppendedAt());
                    order.holdingFrom(held.firstEventTime());
                    decide(order, factsOf(first.getPayment(), eventTime), first.getAppendedAt(), forced,
                            new Record<>(first.getPayment().getPayer().getAccountId(), first.getPayment(), eventTime, headers));
                });
        order.holdingFrom(held.firstEventTime());
    }

    /** What the payer's task knows of a payment before the payer-stage rules see it. */
    private PaymentFacts factsOf(final PaymentTransaction txn, final long eventTime) {
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        return new PaymentFacts(txn, facts.profile(payer), facts.profile(payee), facts.payerSubjects(txn),
                facts.payeeSubjects(txn), payerHistory.nonCounterPaidOn(payer, eventTime),
                payerHistory.isNewPayee(payer, payee, eventTime), accounts.of(payer, eventTime), RecentActivity.none());
    }

    /** Judges a payment; {@code order} is null when ordering is off. */
    private void decide(final EventOrder order, final PaymentFacts paymentFacts, final long appendedAt,
                        final boolean forced, final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = paymentFacts.txn();
        final long eventTime = record.timestamp();
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        final boolean newPayee = paymentFacts.newPayee();
        final RuleBook ruleBook = ruleBooks.current();
        final List<RuleHit> hits = ruleBook.payerStageHits(paymentFacts);
        payerHistory.addToDailyTotal(payer, paymentFacts.payerNonCounterTodayMinor(), settings.nonCounterMinor(txn),
                eventTime);
        if (!newPayee) {
            // Known already: keeps it known through the look-back without a settlement round trip.
            payerHistory.recordPayee(payer, payee, eventTime);
        }
        // A first purchase at a registered merchant is not a new counterparty a walk counts (FIELD-NOTES).
        // Money the payer stage already keeps (a hit asking a step-up or more), or a flagged reactivation,
        // is no movement: the retry of a refused one must be flagged again. Payee-stage hits come too late (note 31).
        accounts.recordOutflow(payer, AccountHistory.outflow(txn, newPayee && !paymentFacts.payeeIsMerchant(), false),
                Verdict.movedMoney(Action.PASS, hits, RuleIds.DORMANT_PAYER_REACTIVATED));
        context.forward(record.withKey(payee)
                .withValue(stamped(order, txn, hits, ruleBook.version(), newPayee, appendedAt, forced)));
        if (order != null) {
            sends.sent(WatermarkSends.partitionOf(payee, sends.partitions()), order, context.currentSystemTimeMs());
        }
    }

    /** A record to send on, carrying this payer stage's watermarks; upstream -1 and none when ordering is off. */
    private PendingDecision stamped(final EventOrder order, final PaymentTransaction txn, final List<RuleHit> hits,
                                    final String rulesetVersion, final boolean newPayee, final long appendedAt,
                                    final boolean forced) {
        if (order == null) {
            return new PendingDecision(txn, hits, rulesetVersion, newPayee, appendedAt, -1, 0L, 0L, 0L, forced,
                    Long.MAX_VALUE);
        }
        return new PendingDecision(txn, hits, rulesetVersion, newPayee, appendedAt, self, order.nextSequence(),
                order.watermark(), order.appendWatermark(), forced, order.heldFrom());
    }
}
