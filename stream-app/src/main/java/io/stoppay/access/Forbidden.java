package io.stoppay.access;

/**
 * Thrown by a {@link GuardedEndpoint} when the caller may not see what it asked for (another
 * region's warning, another bank's alert); {@link Access#require} answers 403 with the message.
 * The message names the rule, never what exists: "region: not one of yours", not whose it is.
 */
public final class Forbidden extends RuntimeException {

    public Forbidden(final String message) {
        super(message, null, false, false);
    }
}
