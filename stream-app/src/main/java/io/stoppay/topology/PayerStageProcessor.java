package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.metrics.AppendTime;
import io.stoppay.ordering.EventOrder;
import io.stoppay.ordering.HoldQueue;
import io.stoppay.ordering.OrderingSettings;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.RuleBook;
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
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RuleHit;

/**
 * The first half of a decision, in the payer's task: drops a redelivered txnId, waits until the
 * payer's inflows before the payment are recorded (design note 12), gathers what is known about
 * the payer (profile, restrictions, today's total, known payees, recent payments both ways), runs
 * the payer-stage rules and records the payment as the payer's outflow. Then the payment travels
 * on, keyed by payee, with its hits. Its amount counts towards the daily total from here on, so
 * the next payment sees it even before this one is settled.
 *
 * <p>In live traffic a payment is judged as it arrives. Behind a backlog it is held, in event-time
 * order, until the watermarks of every payer stage say the inflows before it have been recorded.
 * Every record sent on carries this stage's watermarks, and a wall-clock tick sends them to every
 * partition on their own when they change, so that quiet partitions do not hold the others back.
 *
 * <p>Input: valid payments keyed by payer. Output: {@link PendingDecision} keyed by payee, and
 * watermark records (no payment) to every partition.
 */
final class PayerStageProcessor implements Processor<String, PaymentTransaction, String, PendingDecision> {

    static final String HELD = "held-payments";
    /** The key of watermark records; their partitions are chosen by {@link WatermarkPartitioner}. */
    static final String WATERMARK_KEY = "";

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
    private long broadcastWatermark = Long.MIN_VALUE;
    private long broadcastAppendWatermark = Long.MIN_VALUE;
    private long broadcastHeldFrom = Long.MIN_VALUE;
    /** Wall-clock millis of the last watermark record sent; 0, the epoch, lets the first go at once. */
    private long broadcastAtMs;

    PayerStageProcessor(final DecisionSettings settings) {
        this.settings = settings;
        this.ordering = settings.ordering();
    }

    @Override
    public void init(final ProcessorContext<String, PendingDecision> context) {
        this.context = context;
        this.payerHistory = PayerHistory.in(context, settings.payerHistory());
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        this.facts = new FactFinder(context);
        this.ruleBooks = new RuleBookSource(context, settings);
        this.orderStore = EventOrder.storeIn(context);
        this.held = HoldQueue.in(context, HELD);
        this.self = context.taskId().partition();
        this.lastPaymentAtMs = context.currentSystemTimeMs();
        if (ordering.enabled()) {
            context.schedule(Duration.ofMillis(ordering.tickMs()), PunctuationType.WALL_CLOCK_TIME, this::tick);
        }
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        final long eventTime = record.timestamp();
        if (!payerHistory.firstSighting(txn.getTxnId(), eventTime)) {
            LOG.atDebug().setMessage("redelivered payment not decided again").addKeyValue("txnId", txn.getTxnId()).log();
            return;
        }
        final long now = context.currentSystemTimeMs();
        lastPaymentAtMs = now;
        final long appendedAt = AppendTime.of(record.headers()).orElse(eventTime);
        final EventOrder order = EventOrder.load(orderStore, ordering.upstreams());
        order.read(eventTime, appendedAt);
        if (!ordering.enabled() || held.isEmpty() && ready(order, eventTime, appendedAt)) {
            decide(order, txn, appendedAt, false, record);
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
     * have arrived are judged, and changed watermarks go to every partition (no more often than
     * others can see them: once per half commit interval).
     */
    private void tick(final long now) {
        final EventOrder order = EventOrder.load(orderStore, ordering.upstreams());
        if (now - lastPaymentAtMs >= ordering.idleAfterMs()) {
            order.idleUntil(now - ordering.idleLagMs());
        }
        releaseHeld(order, now);
        final boolean changed = order.watermark() != broadcastWatermark
                || order.appendWatermark() != broadcastAppendWatermark || order.heldFrom() != broadcastHeldFrom;
        if (changed && now - broadcastAtMs >= ordering.watermarkEveryMs()) {
            broadcastAtMs = now;
            broadcastWatermark = order.watermark();
            broadcastAppendWatermark = order.appendWatermark();
            broadcastHeldFrom = order.heldFrom();
            context.forward(new Record<>(WATERMARK_KEY, stamped(order, null, List.of(), "", false, 0L, false),
                    Math.max(0, order.watermark())));
        }
        order.savePayerProgress(orderStore);
    }

    private boolean ready(final EventOrder order, final long eventTime, final long appendedAt) {
        order.reloadUpstreams(orderStore);
        return order.noInflowHeldBefore(eventTime, ordering) && order.upstreamsReady(eventTime, appendedAt, self, ordering);
    }

    private void releaseHeld(final EventOrder order, final long now) {
        held.release(now, ordering.maxHoldMs(),
                first -> ready(order, first.getPayment().getEventTime().toEpochMilli(), first.getAppendedAt()),
                (first, forced) -> {
                    if (forced) {
                        settings.metrics().orderingForced("payer");
                    }
                    final long eventTime = first.getPayment().getEventTime().toEpochMilli();
                    final RecordHeaders headers = new RecordHeaders();
                    AppendTime.stamp(headers, first.getAppendedAt());
                    order.holdingFrom(held.firstEventTime());
                    decide(order, first.getPayment(), first.getAppendedAt(), forced,
                            new Record<>(first.getPayment().getPayer().getAccountId(), first.getPayment(), eventTime, headers));
                });
        order.holdingFrom(held.firstEventTime());
    }

    private void decide(final EventOrder order, final PaymentTransaction txn, final long appendedAt,
                        final boolean forced, final Record<String, PaymentTransaction> record) {
        final long eventTime = record.timestamp();
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        final boolean newPayee = payerHistory.isNewPayee(payer, payee, eventTime);
        final RuleBook ruleBook = ruleBooks.current();
        final List<RuleHit> hits = ruleBook.payerStageHits(new PaymentFacts(txn, facts.profile(payer),
                facts.profile(payee), facts.payerSubjects(txn), facts.payeeSubjects(txn),
                payerHistory.nonCounterPaidOn(payer, eventTime), newPayee, accounts.of(payer, eventTime), RecentActivity.none()));
        payerHistory.addToDailyTotal(payer, settings.nonCounterMinor(txn), eventTime);
        if (!newPayee) {
            // Known already: keeps it known through the look-back without a settlement round trip.
            payerHistory.recordPayee(payer, payee, eventTime);
        }
        accounts.recordOutflow(payer, AccountHistory.flow(txn.getTxnId(), txn.getEventTime(), payee,
                txn.getAmountMinor(), newPayee, false));
        context.forward(record.withKey(payee)
                .withValue(stamped(order, txn, hits, ruleBook.version(), newPayee, appendedAt, forced)));
    }

    /** A record to send on, carrying this payer stage's watermarks. */
    private PendingDecision stamped(final EventOrder order, final PaymentTransaction txn, final List<RuleHit> hits,
                                    final String rulesetVersion, final boolean newPayee, final long appendedAt,
                                    final boolean forced) {
        return new PendingDecision(txn, hits, rulesetVersion, newPayee, appendedAt, self, order.nextSequence(),
                order.watermark(), order.appendWatermark(), forced, order.heldFrom());
    }
}
