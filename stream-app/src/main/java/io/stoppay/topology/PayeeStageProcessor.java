package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.Verdict;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.internal.v1.PendingDecision;
import stoppay.internal.v1.Settlement;
import stoppay.v1.PaymentTransaction;

/**
 * The second half of a decision, in the payee's task: adds the payee's recent payments (so
 * fan-in counts this payment too: the N-th victim's transfer is the one held), runs the
 * payee-stage rules, combines every hit into the verdict, records the payment as the payee's
 * inflow and says what to publish. How it ended goes back to its payer's task as a
 * {@link Settlement}: a stopped payment leaves the daily total, a moved one makes its payee known.
 *
 * <p>Input: {@link PendingDecision} keyed by payee. Output: {@link Interception} keyed by payee.
 */
final class PayeeStageProcessor implements Processor<String, PendingDecision, String, Interception> {

    private final DecisionSettings settings;
    private ProcessorContext<String, Interception> context;
    private AccountHistory accounts;
    private FactFinder facts;
    private RuleBookSource ruleBooks;

    PayeeStageProcessor(final DecisionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<String, Interception> context) {
        this.context = context;
        this.accounts = AccountHistory.in(context, settings.accountHistory());
        this.facts = new FactFinder(context);
        this.ruleBooks = new RuleBookSource(context, settings);
    }

    @Override
    public void process(final Record<String, PendingDecision> record) {
        final PendingDecision pending = record.value();
        final PaymentTransaction txn = pending.getPayment();
        final String payer = txn.getPayer().getAccountId();
        final String payee = record.key();
        final PaymentFacts paymentFacts = new PaymentFacts(txn, facts.profile(payer), facts.profile(payee),
                facts.payerSubjects(txn), facts.payeeSubjects(txn), 0, pending.getNewPayee(),
                RecentActivity.none(), accounts.of(payee));
        final Verdict verdict = ruleBooks.current().decide(paymentFacts, pending.getPayerHits());
        accounts.recordInflow(payee, AccountHistory.flow(txn.getTxnId(), txn.getEventTime(), payer,
                txn.getAmountMinor(), false, verdict.stopsMoney()));
        final Interception interception = settings.publications().of(paymentFacts, verdict,
                context.currentSystemTimeMs());
        final boolean moved = !verdict.stopsMoney();
        final long takenBack = moved ? 0 : settings.nonCounterMinor(txn);
        context.forward(record.withValue(moved || takenBack > 0
                ? interception.withSettlement(new Settlement(txn.getTxnId(), payee, -takenBack, txn.getEventTime(), moved))
                : interception));
    }
}
