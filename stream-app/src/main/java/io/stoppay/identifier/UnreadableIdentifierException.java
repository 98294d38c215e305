package io.stoppay.identifier;

import stoppay.v1.SubjectType;

/**
 * An identifier that has no canonical form: a phone libphonenumber cannot read, a card number
 * that is not 12 to 19 digits. The message names the type and why, never the identifier itself,
 * because messages reach logs and the dead-letter topic's error text.
 */
public final class UnreadableIdentifierException extends IllegalArgumentException {

    private final SubjectType type;
    private final String why;

    UnreadableIdentifierException(final SubjectType type, final String why) {
        super(type.name() + " identifier " + why);
        this.type = type;
        this.why = why;
    }

    /** Why it has no canonical form, without the type: "has letters". */
    String why() {
        return why;
    }

    public SubjectType type() {
        return type;
    }
}
