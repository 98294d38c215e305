package io.stoppay.validation;

import io.stoppay.identifier.UnreadableIdentifierException;
import java.util.function.Supplier;

/**
 * The canonical form of a subject on a list or a linkage, where a subject without one is a dead
 * letter ({@code UNREADABLE_IDENTIFIER}): restricting what cannot be matched would be a silent
 * no-op.
 */
final class CanonicalSubjects {

    private CanonicalSubjects() {
    }

    /** The canonical form {@code form} computes (a {@link io.stoppay.restriction.SubjectKey} or a link key). */
    static <T> T canonical(final Supplier<T> form) {
        try {
            return form.get();
        } catch (final UnreadableIdentifierException e) {
            throw new InvalidRecordException("UNREADABLE_IDENTIFIER", e.getMessage());
        }
    }
}
