package io.stoppay.audit;

/** A read could not be recorded on the audit topic (the cluster is unreachable, or slower than the timeout). */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
