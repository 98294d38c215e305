package io.stoppay.restriction;

import io.stoppay.identifier.UnreadableIdentifierException;
import java.util.Optional;
import stoppay.v1.Linkage;

/**
 * The key of a linkage, {@code aType:aId|bType:bId}: tombstones carry nothing else, so the key
 * alone must say which link is removed.
 */
public record LinkKey(SubjectKey a, SubjectKey b) {

    /** Parses a linkage key, keeping ids as written; empty when either side is not a {@code TYPE:id}. */
    public static Optional<LinkKey> parse(final String key) {
        if (key == null) {
            return Optional.empty();
        }
        final int bar = key.indexOf('|');
        if (bar < 0) {
            return Optional.empty();
        }
        final Optional<SubjectKey> a = SubjectKey.parse(key.substring(0, bar));
        final Optional<SubjectKey> b = SubjectKey.parse(key.substring(bar + 1));
        return a.isPresent() && b.isPresent() ? Optional.of(new LinkKey(a.get(), b.get())) : Optional.empty();
    }

    /**
     * The link a record describes, whichever way round its sides are written, in canonical form.
     *
     * @throws UnreadableIdentifierException when either side has no canonical form
     */
    public static LinkKey of(final Linkage linkage) {
        return new LinkKey(SubjectKey.of(linkage.getAType(), linkage.getAId()),
                SubjectKey.of(linkage.getBType(), linkage.getBId()));
    }

    /**
     * Both sides in canonical form.
     *
     * @throws UnreadableIdentifierException when either side has none
     */
    public LinkKey canonical() {
        return new LinkKey(a.canonical(), b.canonical());
    }

    /** True when this key and {@code other} name the same two subjects, in either order. */
    public boolean sameLinkAs(final LinkKey other) {
        return a.equals(other.a) && b.equals(other.b) || a.equals(other.b) && b.equals(other.a);
    }
}
