package io.stoppay.topology;

import io.stoppay.behaviour.PayerHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.internal.v1.Settlement;

/**
 * Back in the payer's task, settles how a payment ended. A stopped payment's amount leaves the
 * daily total the payer stage put it in; a payment whose money moved makes its payee a known
 * one. A held payment's payee stays new, so an elderly victim's second attempt to a new payee is
 * still a first.
 */
final class SettlementProcessor implements Processor<String, Settlement, Void, Void> {

    private final PayerHistory.Settings settings;
    private PayerHistory history;

    SettlementProcessor(final PayerHistory.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.history = PayerHistory.in(context, settings);
    }

    @Override
    public void process(final Record<String, Settlement> record) {
        final Settlement settlement = record.value();
        final long eventTime = settlement.getEventTime().toEpochMilli();
        history.addToDailyTotal(record.key(), settlement.getNonCounterMinor(), eventTime);
        if (settlement.getMoneyMoved()) {
            history.recordPayee(record.key(), settlement.getPayee(), eventTime);
        }
    }
}
