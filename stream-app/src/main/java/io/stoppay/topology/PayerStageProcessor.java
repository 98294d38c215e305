package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.RuleBook;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.internal.v1.PendingDecision;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.RuleHit;

/**
 * The first half of a decision, in the payer's task: drops a redelivered txnId, gathers what is
 * known about the payer (profile, restrictions, today's total, known payees, recent payments
 * both ways), runs the payer-stage rules and records the payment as the payer's outflow. Then
 * the payment travels on, keyed by payee, with its hits. Its amount counts towards the daily
 * total from here on, so the next payment sees it even before this one is settled.
 *
 * <p>Input: valid payments keyed by payer. Output: {@link PendingDecision} keyed by payee.
 */
final class PayerStageProcessor implements Processor<String, PaymentTransaction, String, PendingDecision> {

    private static final Logger LOG = LoggerFactory.getLogger(PayerStageProcessor.class);

    private final DecisionSettings settings;
    private ProcessorContext<String, PendingDecision> context;
    private PayerHistory payerHistory;
    private AccountHistory accounts;
    private FactFinder facts;
    private RuleBookSource ruleBooks;

    PayerStageProcessor(final DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<String, PendingDecision> context) {
        this.context = context;
        this.payerHistory = PayerHistory.in(context, settings.payerHistory());
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        this.facts = new FactFinder(context);
        this.ruleBooks = new RuleBookSource(context, settings);
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        final long eventTime = record.timestamp();
        if (!payerHistory.firstSighting(txn.getTxnId(), eventTime)) {
            LOG.atDebug().setMessage("redelivered payment not decided again").addKeyValue("txnId", txn.getTxnId()).log();
            return;
        }
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        final boolean newPayee = payerHistory.isNewPayee(payer, payee, eventTime);
        final RuleBook ruleBook = ruleBooks.current();
        final List<RuleHit> hits = ruleBook.payerStageHits(new PaymentFacts(txn, facts.profile(payer),
                facts.profile(payee), facts.payerSubjects(txn), facts.payeeSubjects(txn),
                payerHistory.nonCounterPaidOn(payer, eventTime), newPayee, accounts.of(payer), RecentActivity.none()));
        payerHistory.addToDailyTotal(payer, settings.nonCounterMinor(txn), eventTime);
        accounts.recordOutflow(payer, AccountHistory.flow(txn.getTxnId(), txn.getEventTime(), payee,
                txn.getAmountMinor(), newPayee, false));
        context.forward(record.withKey(payee)
                .withValue(new PendingDecision(txn, hits, ruleBook.version(), newPayee)));
    }
}
