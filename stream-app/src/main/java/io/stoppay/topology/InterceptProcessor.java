package io.stoppay.topology;

import io.stoppay.behaviour.PayerHistory;
import io.stoppay.behaviour.RecentActivity;
import io.stoppay.rules.PaymentFacts;
import io.stoppay.rules.RuleBook;
import io.stoppay.rules.SubjectCheck;
import io.stoppay.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import stoppay.v1.AccountProfile;
import stoppay.v1.Channel;
import stoppay.v1.Party;
import stoppay.v1.PaymentTransaction;
import stoppay.v1.Restriction;
import stoppay.v1.RestrictionStatus;
import stoppay.v1.SubjectType;

/**
 * Decides one payment: drops a redelivered txnId, gathers the facts (restrictions of every
 * identifier either side carries, both account profiles, the payer's history), runs the ruleset
 * and forwards what is to be published. A payment that was held or stopped is not remembered as
 * paid: its money did not move.
 *
 * <p>Input: valid payments keyed by payer account. Restrictions and profiles are read from global
 * stores, so no repartition sits on the decision path; the payer's history is in this task.
 */
public final class InterceptProcessor implements FixedKeyProcessor<String, PaymentTransaction, Interception> {

    private static final Logger LOG = LoggerFactory.getLogger(InterceptProcessor.class);

    private final RuleBook ruleBook;
    private final Publications publications;
    private final PayerHistory.Settings historySettings;
    private final String limitCurrency;
    private FixedKeyProcessorContext<String, Interception> context;
    private PayerHistory history;
    private KeyValueStore<String, ValueAndTimestamp<RestrictionStatus>> restrictions;
    private KeyValueStore<String, ValueAndTimestamp<AccountProfile>> accounts;

    public InterceptProcessor(final RuleBook ruleBook, final Publications publications,
                              final PayerHistory.Settings historySettings, final String limitCurrency) {
        this.ruleBook = ruleBook;
        this.publications = publications;
        this.historySettings = historySettings;
        this.limitCurrency = limitCurrency;
    }

    @Override
    public void init(final FixedKeyProcessorContext<String, Interception> context) {
        this.context = context;
        this.history = PayerHistory.in(context, historySettings);
        this.restrictions = context.getStateStore(InterceptionTopology.RESTRICTED_SUBJECTS);
        this.accounts = context.getStateStore(InterceptionTopology.ACCOUNT_PROFILES);
    }

    @Override
    public void process(final FixedKeyRecord<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        final long eventTime = record.timestamp();
        if (!history.firstSighting(txn.getTxnId(), eventTime)) {
            LOG.atDebug().setMessage("redelivered payment not decided again").addKeyValue("txnId", txn.getTxnId()).log();
            return;
        }
        final String payer = txn.getPayer().getAccountId();
        final String payee = txn.getPayee().getAccountId();
        final PaymentFacts facts = new PaymentFacts(txn, profile(payer), profile(payee),
                payerSubjects(txn), payeeSubjects(txn),
                history.nonCounterPaidOn(payer, eventTime),
                history.isNewPayee(payer, payee, eventTime), RecentActivity.none(), RecentActivity.none());
        final Verdict verdict = ruleBook.decide(facts, ruleBook.payerStageHits(facts));
        if (!verdict.stopsMoney()) {
            history.recordPaid(payer, payee, countsTowardsDailyLimit(txn) ? txn.getAmountMinor() : 0, eventTime);
        }
        context.forward(record.withValue(publications.of(facts, verdict, context.currentSystemTimeMs())));
    }

    private boolean countsTowardsDailyLimit(final PaymentTransaction txn) {
        return txn.getChannel() != Channel.COUNTER && limitCurrency.equals(txn.getCurrency());
    }

    private List<SubjectCheck> payerSubjects(final PaymentTransaction txn) {
        final List<SubjectCheck> checks = partySubjects("payer", txn.getPayer());
        addIfPresent(checks, "payer device", SubjectType.DEVICE, txn.getDeviceId());
        addIfPresent(checks, "payer IP", SubjectType.IP, txn.getIpAddress());
        return checks;
    }

    private List<SubjectCheck> payeeSubjects(final PaymentTransaction txn) {
        return partySubjects("payee", txn.getPayee());
    }

    private List<SubjectCheck> partySubjects(final String side, final Party party) {
        final List<SubjectCheck> checks = new ArrayList<>(4);
        addIfPresent(checks, side + " account", SubjectType.ACCOUNT, party.getAccountId());
        addIfPresent(checks, side + " card", SubjectType.CARD, party.getCardNumber());
        addIfPresent(checks, side + " phone", SubjectType.PHONE, party.getPhone());
        addIfPresent(checks, side + " ID", SubjectType.ID_NUMBER, party.getIdNumberHash());
        return checks;
    }

    private void addIfPresent(final List<SubjectCheck> checks, final String role, final SubjectType type,
                              final String id) {
        if (id != null && !id.isBlank()) {
            checks.add(new SubjectCheck(role, type, id, restrictionsOf(type, id)));
        }
    }

    private List<Restriction> restrictionsOf(final SubjectType type, final String id) {
        final RestrictionStatus status = ValueAndTimestamp.getValueOrNull(restrictions.get(type.name() + ':' + id));
        return status == null ? List.of() : status.getRestrictions();
    }

    private AccountProfile profile(final String accountId) {
        return ValueAndTimestamp.getValueOrNull(accounts.get(accountId));
    }
}
