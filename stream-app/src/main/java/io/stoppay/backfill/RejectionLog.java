package io.stoppay.backfill;

import io.stoppay.privacy.Mask;
import io.stoppay.validation.InvalidRecordException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the operator which records were rejected, one line each on stderr,
 * {@code line 7: MALFORMED_JSON: not valid JSON (at column 12)} or
 * {@code partition 0 offset 42: INVALID_AMOUNT: ...}: the first {@value #MAX_SHOWN}, then how many
 * more there were. A bank export with a systematic fault would otherwise bury the summary under a
 * million lines. The messages come from the readers and the checks, which name fields and txnIds;
 * a check may quote the value it refused (a currency), and a column-shifted export puts a card
 * number there, so every run of {@value #MASKED_DIGITS} or more digits is masked as a card or
 * account number is, and a message is cut at {@value #MAX_MESSAGE} characters.
 */
public final class RejectionLog {

    public static final int MAX_SHOWN = 100;
    /** Phone numbers have 11 digits, cards and accounts 12 to 19, ID numbers 18; dates and amounts of a payment fewer. */
    static final int MASKED_DIGITS = 11;
    static final int MAX_MESSAGE = 200;
    private static final Pattern IDENTIFIER = Pattern.compile("\\d{" + MASKED_DIGITS + ",}");

    private final PrintWriter err;
    private long count;

    public RejectionLog(final PrintWriter err) {
        this.err = err;
    }

    void add(final String position, final InvalidRecordException why) {
        count++;
        if (count <= MAX_SHOWN) {
            err.println(position + ": " + why.reason() + ": " + shown(String.valueOf(why.getMessage())));
        }
    }

    private static String shown(final String message) {
        final String masked = IDENTIFIER.matcher(message.replaceAll("\\R", " "))
                .replaceAll(digits -> Matcher.quoteReplacement(Mask.cardOrAccount(digits.group())));
        return masked.length() <= MAX_MESSAGE ? masked : masked.substring(0, MAX_MESSAGE) + "…";
    }

    /** Says how many rejections were not shown, if any. */
    void finish() {
        if (count > MAX_SHOWN) {
            err.println(String.format(Locale.ROOT, "… and %,d more rejected records not shown", count - MAX_SHOWN));
        }
        err.flush();
    }

    long count() {
        return count;
    }
}
