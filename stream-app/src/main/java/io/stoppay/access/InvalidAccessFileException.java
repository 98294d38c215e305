package io.stoppay.access;

/** The access file cannot be used; the message is one line naming the entry and field. */
public final class InvalidAccessFileException extends RuntimeException {

    public InvalidAccessFileException(final String message) {
        super(message);
    }
}
