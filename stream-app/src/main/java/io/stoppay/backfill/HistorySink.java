package io.stoppay.backfill;

import stoppay.v1.PaymentTransaction;

/** Where a backfill puts the past payments it accepts: the payment history topic ({@link HistoryPublisher}). */
public interface HistorySink {

    /** Sends one payment, keyed by its payer; may return before it is written. */
    void publish(String key, PaymentTransaction payment);

    /** Sends what is pending and waits until it is written; throws when anything could not be. */
    void flush();

    /** How many payments are written so far. */
    long published();
}
