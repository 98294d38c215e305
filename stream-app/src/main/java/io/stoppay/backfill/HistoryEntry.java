package io.stoppay.backfill;

import io.stoppay.validation.InvalidRecordException;
import stoppay.v1.PaymentTransaction;

/**
 * One record of a payment history as read from its source: where it stands ({@code line 7},
 * {@code partition 0 offset 42}) and either the payment it holds (null for a Kafka tombstone,
 * which the payment check rejects) or why it could not be read.
 */
public record HistoryEntry(String position, PaymentTransaction payment, InvalidRecordException rejection) {

    static HistoryEntry read(final String position, final PaymentTransaction payment) {
        return new HistoryEntry(position, payment, null);
    }

    static HistoryEntry unreadable(final String position, final InvalidRecordException why) {
        return new HistoryEntry(position, null, why);
    }

    /** True when the record could not be read as a payment at all. */
    public boolean isUnreadable() {
        return rejection != null;
    }
}
