package io.stoppay.identifier;

import java.util.regex.Pattern;

/**
 * A party's {@code bankCode} as StopPay keeps it: the code a payment names, trimmed, or null when
 * it names none or something that is not a code. It decides whose alerts a bank's analyst sees
 * and whose accounts it may read (design note 23), and it reaches the console, so only letters,
 * digits and dashes are kept (at most 32: a CNAPS code is 12 digits, a bank's short code a few
 * letters), never free text.
 */
public final class BankCode {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,32}");

    private BankCode() {
    }

    /** {@code named} trimmed when it is a code; null when it is null, blank or not a code. */
    public static String of(final String named) {
        if (named == null) {
            return null;
        }
        final String trimmed = named.strip();
        return CODE.matcher(trimmed).matches() ? trimmed : null;
    }
}
