package io.stoppay.restriction;

import java.util.Optional;
import stoppay.v1.SubjectType;

/**
 * A subject of a list or linkage, written {@code TYPE:id} as in the keys of {@code risk.lists.v1}.
 */
public record SubjectKey(SubjectType type, String id) implements Comparable<SubjectKey> {

    public SubjectKey {
        if (type == null || id == null || id.isBlank()) {
            throw new IllegalArgumentException("a subject needs a type and a non-blank id");
        }
    }

    /** Parses {@code TYPE:id}; empty when the text is not of that form. */
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

    @Override
    public String toString() {
        return type.name() + ':' + id;
    }

    @Override
    public int compareTo(final SubjectKey other) {
        return toString().compareTo(other.toString());
    }
}
