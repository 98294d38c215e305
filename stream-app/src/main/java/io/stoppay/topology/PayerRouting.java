package io.stoppay.topology;

import stoppay.v1.PaymentTransaction;

/** A valid payment, and whether it arrived outside its payer's partition ({@link PayerPartitionCheck}). */
record PayerRouting(PaymentTransaction payment, boolean misrouted) {
}
