package io.stoppay.loadtest.generator;

import stoppay.v1.PaymentTransaction;

/**
 * A generated payment as it goes to {@code payments.transactions.v1}, with its ground truth.
 *
 * @param key     the record key: the payer's accountId, as the contract requires
 * @param payment the record value; carries nothing of the label
 * @param label   the ground truth, for the side file
 */
public record LabelledPayment(String key, PaymentTransaction payment, PaymentLabel label) {
}
