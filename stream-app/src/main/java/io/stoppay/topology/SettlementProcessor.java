package io.stoppay.topology;

import io.stoppay.behaviour.PayerHistory;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.internal.v1.Settlement;

/**
 * Back in the payer's task, remembers a payment whose money moved: it counts towards the
 * payer's daily non-counter total and makes its payee a known one. A held payment never comes
 * here, so an elderly victim's second attempt to a new payee is still a first.
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
        history.recordPaid(record.key(), settlement.getPayee(), settlement.getNonCounterMinor(),
                settlement.getEventTime().toEpochMilli());
    }
}
