package io.stoppay.topology;

import io.stoppay.behaviour.AccountHistory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import stoppay.v1.PaymentTransaction;

/**
 * A past payment ({@code stoppay backfill}) in its payee's task: recorded as the payee's inflow at
 * its event time, as the payee stage would have recorded it live (a first payment from its payer
 * or not), and never judged; so fan-in and pass-through see the inflows an account had before
 * StopPay started.
 *
 * <p>Input: past payments keyed by payee, from {@link BackfillPayerStage}. Output: none.
 */
final class BackfillPayeeStage implements Processor<String, PaymentTransaction, Void, Void> {

    private final AccountHistory.Settings settings;
    private AccountHistory accounts;

    BackfillPayeeStage(final AccountHistory.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.accounts = AccountHistory.in(context, settings);
    }

    @Override
    public void process(final Record<String, PaymentTransaction> record) {
        final PaymentTransaction txn = record.value();
        accounts.recordPastInflow(record.key(), AccountHistory.inflow(txn, firstPayment(record.headers()), false));
    }

    /** As the payer's task judged it; a record without the header (none is expected) counts as a known payer's. */
    private static boolean firstPayment(final Headers headers) {
        final Header header = headers.lastHeader(BackfillPayerStage.FIRST_PAYMENT_HEADER);
        return header != null && header.value() != null && header.value().length == 1 && header.value()[0] == 1;
    }
}
