package io.stoppay.behaviour;

import io.stoppay.identifier.CanonicalIdentifiers;
import stoppay.v1.PaymentTransaction;

/**
 * A payer as a device's or IP's count knows it: its account, and its holder (the hash of the
 * holder's ID number) where the payment names one. The count is of {@link #identity identities}:
 * one business owner's many cards on their own phone are one payer (FIELD-NOTES: ordinary), while
 * bought accounts, each in someone else's name, are as many payers as accounts (card farming).
 *
 * <p>Sent from {@link FirstChannelUse} to {@link ChannelUsageProcessor} as a string: the account id,
 * then NUL and the holder when there is one (a record of a version that sent the account alone reads
 * as a payer with no holder).
 */
record ChannelPayer(String account, String holder) {

    private static final char SEPARATOR = '\0';
    /** Marks a holder's identity apart from any account id: a control character is in no canonical id. */
    private static final char HOLDER = '\u0002';

    static ChannelPayer of(final PaymentTransaction txn) {
        final String holder = CanonicalIdentifiers.trimBlanks(txn.getPayer().getIdNumberHash());
        return new ChannelPayer(txn.getPayer().getAccountId(), holder.isEmpty() ? null : holder);
    }

    static ChannelPayer decoded(final String sent) {
        final int separator = sent.indexOf(SEPARATOR);
        return separator < 0 ? new ChannelPayer(sent, null)
                : new ChannelPayer(sent.substring(0, separator), sent.substring(separator + 1));
    }

    String encoded() {
        return holder == null ? account : account + SEPARATOR + holder;
    }

    /** Whom the channel counts: the holder where known, else the account. */
    String identity() {
        return holder == null ? account : HOLDER + holder;
    }
}
