package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.PayerHistory;
import io.stoppay.metrics.InterceptionMetrics;
import io.stoppay.rules.PaymentFacts;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.v1.AccountProfile;
import stoppay.v1.PaymentTransaction;

/**
 * A past payment ({@code stoppay backfill}) in its payer's task: recorded in the payer's history as
 * the payer stage would have recorded it live, and never judged. Its txnId is remembered apart
 * from the decision's, so a backfill run again or a payment already decided live is not counted
 * twice, and a live payment is decided whatever the history holds; its payee becomes a
 * known one (the money moved: a past payment is a completed one); its amount joins the daily
 * total of its business day; it is the payer's outflow at its event time. Then it goes on, keyed by
 * payee, to be recorded as the payee's inflow ({@link BackfillPayeeStage}), with whether it was the
 * payer's first payment to the payee ({@link #FIRST_PAYMENT_HEADER}).
 *
 * <p>Input: valid past payments keyed by payer, at their event time. Output: the same, keyed by
 * payee.
 */
final class BackfillPayerStage implements Processor<String, PaymentTransaction, String, PaymentTransaction> {

    /**
     * Header on the record to the payee's task: one byte, 1 when the payment was the payer's first
     * to the payee and the payer may be a person ({@link PaymentFacts#firstPaymentFromAPerson}).
     */
    static final String FIRST_PAYMENT_HEADER = "stoppay.first-payment";

    private final DecisionSettings settings;
    private ProcessorContext<String, PaymentTransaction> context;
    private PayerHistory payerHistory;
    private AccountHistory accounts;
    private FactFinder facts;

    BackfillPayerStage(final DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<String, PaymentTransaction> context) {
        this.context = context;
        this.payerHistory = PayerHistory.in(context, settings.payerHistory());
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        this.facts = new FactFinder(context, settings, type -> { });
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        final long eventTime = record.timestamp();
        if (!payerHistory.firstPastSighting(txn.getTxnId(), eventTime)) {
            settings.metrics().backfilled(InterceptionMetrics.BACKFILL_DUPLICATE);
            return;
        }
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        final AccountProfile payeeProfile = facts.profile(payee);
        // As the payer stage marks it live: a first payment to a payee that is not a registered merchant.
        final boolean newCounterparty = payerHistory.isNewPayee(payer, payee, eventTime)
                && (payeeProfile == null || !payeeProfile.getMerchant());
        payerHistory.addToDailyTotal(payer, settings.nonCounterMinor(txn), eventTime);
        payerHistory.recordPayee(payer, payee, eventTime);
        accounts.recordPastOutflow(payer, AccountHistory.outflow(txn, newCounterparty, false));
        settings.metrics().backfilled(InterceptionMetrics.BACKFILL_RECORDED);
        // The payee's task records the inflow; whether it was the payer's first payment to the
        // account is known only here, so it travels beside the record through the repartition.
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(FIRST_PAYMENT_HEADER);
        final boolean firstFromAPerson = newCounterparty && PaymentFacts.mayBeAPerson(facts.profile(payer));
        headers.add(FIRST_PAYMENT_HEADER, new byte[] {(byte) (firstFromAPerson ? 1 : 0)});
        context.forward(record.withKey(payee).withHeaders(headers));
    }
}
