package io.stoppay.validation;

/**
 * A record that decoded but cannot be accepted. Thrown inside the topology so that Kafka
 * Streams' processing exception handler sends the original bytes to the dead-letter topic.
 */
public final class InvalidRecordException extends RuntimeException {

    private final String reason;

    public InvalidRecordException(final String reason, final String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A short machine-readable code such as {@code INVALID_AMOUNT}. */
    public String reason() {
        return reason;
    }
}
