package io.stoppay.backfill;

import io.stoppay.validation.InvalidRecordException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Tells the operator which records were rejected, one line each on stderr,
 * {@code line 7: MALFORMED_JSON: not valid JSON (at column 12)} or
 * {@code partition 0 offset 42: INVALID_AMOUNT: ...}: the first {@value #MAX_SHOWN}, then how many
 * more there were. A bank export with a systematic fault would otherwise bury the summary under a
 * million lines. The messages come from the readers and the checks, which name fields and txnIds,
 * never identifiers.
 */
public final class RejectionLog {

    public static final int MAX_SHOWN = 100;

    private final PrintWriter err;
    private long count;

    public RejectionLog(final PrintWriter err) {
        this.err = err;
    }

    void add(final String position, final InvalidRecordException why) {
        count++;
        if (count <= MAX_SHOWN) {
            err.println(position + ": " + why.reason() + ": " + String.valueOf(why.getMessage()).replaceAll("\\R", " "));
        }
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
