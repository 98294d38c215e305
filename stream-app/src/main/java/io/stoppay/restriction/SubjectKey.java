package io.stoppay.restriction;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.identifier.UnreadableIdentifierException;
import java.util.Optional;
import stoppay.v1.SubjectType;

/**
 * A subject of a list or linkage, written {@code TYPE:id} as in the keys of {@code risk.lists.v1}.
 *
 * <p>The constructor keeps the id as given: the graph rebuilds keys it stored. Everything that
 * comes from outside (records, payments, API requests) goes through {@link #of} or
 * {@link #canonical()}, so that one subject has one key however it was written
 * ({@link CanonicalIdentifiers}).
 */
public record SubjectKey(SubjectType type, String id) implements Comparable<SubjectKey> {

    public SubjectKey {
        if (type == null || id == null || id.isBlank()) {
            throw new IllegalArgumentException("a subject needs a type and a non-blank id");
        }
    }

    /**
     * The subject {@code rawId} names, in its canonical form.
     *
     * @throws UnreadableIdentifierException when the id has no canonical form
     */
    public static SubjectKey of(final SubjectType type, final String rawId) {
        return new SubjectKey(type, CanonicalIdentifiers.canonical(type, rawId));
    }

    /**
     * The key under which to look up an identifier a payment or a query carries: its canonical
     * form, or, when it has none, the id as written (trimmed). Lists and linkages refuse ids
     * without one, so such a lookup finds nothing; it is made rather than failing the payment.
     */
    public static SubjectKey forLookup(final SubjectType type, final String rawId) {
        try {
            return of(type, rawId);
        } catch (final UnreadableIdentifierException e) {
            return new SubjectKey(type, CanonicalIdentifiers.trimBlanks(rawId));
        }
    }

    /** Parses {@code TYPE:id}, keeping the id as written; empty when the text is not of that form. */
    public static Optional<SubjectKey> parse(final String text) {
        if (text == null) {
            return Optional.empty();
        }
        final int colon = text.indexOf(':');
        if (colon <= 0 || text.substring(colon + 1).isBlank()) {
            return Optional.empty();
        }
        final String typeName = text.substring(0, colon);
        for (final SubjectType type : SubjectType.values()) {
            if (type.name().equals(typeName)) {
                return Optional.of(new SubjectKey(type, text.substring(colon + 1)));
            }
        }
        return Optional.empty();
    }

    /**
     * This subject with its id in canonical form.
     *
     * @throws UnreadableIdentifierException when the id has none
     */
    public SubjectKey canonical() {
        return of(type, id);
    }

    @Override
    public String toString() {
        return type.name() + ':' + id;
    }

    @Override
    public int compareTo(final SubjectKey other) {
        return toString().compareTo(other.toString());
    }
}
