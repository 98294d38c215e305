package io.stoppay.outcome;

/**
 * One key of the outcome loop's deadline index ({@value OutcomeLoopProcessor#DEADLINES}):
 * {@code <millis, zero-padded to 19 digits>|<type>|<notice key>}, so that the store's byte order is
 * time order. Type {@value #OVERDUE}: the notice becomes overdue at {@code at}; type {@value #EXPIRE}:
 * the entry is forgotten at {@code at}, its creation time plus the retention, so that the expiry keys
 * also order the entries by when they were created.
 *
 * @param at        epoch millis, not negative
 * @param type      {@value #OVERDUE} or {@value #EXPIRE}
 * @param noticeKey the outcome loop's key of the entry ({@code ALERT:<id>}, {@code WARNING:<id>})
 */
record Deadline(long at, String type, String noticeKey) {

    static final String OVERDUE = "O";
    static final String EXPIRE = "E";

    String key() {
        return String.format("%019d|%s|%s", at, type, noticeKey);
    }

    /** The first key after every deadline due at {@code at}: the end of a range of what is due. */
    static String after(final long at) {
        return new Deadline(at, "~", "").key();
    }

    static Deadline parse(final String key) {
        final int first = key.indexOf('|');
        final int second = key.indexOf('|', first + 1);
        return new Deadline(Long.parseLong(key.substring(0, first)), key.substring(first + 1, second),
                key.substring(second + 1));
    }
}
