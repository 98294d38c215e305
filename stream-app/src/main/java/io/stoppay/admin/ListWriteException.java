package io.stoppay.admin;

/**
 * A valid list change that Kafka did not take: the cluster was unreachable, the write timed out,
 * the producer was fenced or not authorised. Unless {@link #outcomeUnknown()}, the transaction was
 * aborted and nothing was written; the same request can simply be made again.
 */
public final class ListWriteException extends RuntimeException {

    private final boolean outcomeUnknown;

    ListWriteException(final String message, final Throwable cause, final boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * True when the commit itself failed or timed out, so the change may have been written: look
     * for its audit record before repeating it (repeating is harmless for the lists topic, a
     * compacted table, but adds a second audit record).
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
