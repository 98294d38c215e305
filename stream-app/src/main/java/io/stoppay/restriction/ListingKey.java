package io.stoppay.restriction;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.identifier.UnreadableIdentifierException;
import java.util.Optional;

/**
 * The key of one listing on {@code risk.lists.v1} (CONTRACT v1.1): {@code TYPE:id|source}, one
 * source's listing of a subject, or the v1 key {@code TYPE:id}, one listing by whatever source its
 * record names. A subject is restricted while any of its listings stands.
 *
 * <p>A listing is identified by its key <b>as written</b> ({@link #written()}): that is what
 * compaction keeps one record per, and a tombstone releases only what was written under its own
 * key. Were two spellings of one key ({@code PHONE:+86 139…|S} and {@code PHONE:139…|S}) one
 * listing, a release under the second would lift a listing whose record the topic still holds
 * under the first, and a rebuild from the topic would list it again (design note 14).
 *
 * @param subject the listed subject, as written
 * @param source  the source named in the key, trimmed; empty for the v1 key
 * @param written the key exactly as it came
 */
public record ListingKey(SubjectKey subject, Optional<String> source, String written) {

    /** Separates the subject from the source in a v1.1 key; the contract's, as in linkage keys. */
    public static final char SOURCE_SEPARATOR = '|';

    /** Parses a list key; empty when it is neither {@code TYPE:id} nor {@code TYPE:id|source} with a non-blank source. */
    public static Optional<ListingKey> parse(final String key) {
        if (key == null) {
            return Optional.empty();
        }
        final int bar = key.indexOf(SOURCE_SEPARATOR);
        if (bar < 0) {
            return SubjectKey.parse(key).map(subject -> new ListingKey(subject, Optional.empty(), key));
        }
        final String source = CanonicalIdentifiers.trimBlanks(key.substring(bar + 1));
        if (source.isEmpty()) {
            return Optional.empty();
        }
        return SubjectKey.parse(key.substring(0, bar)).map(subject -> new ListingKey(subject, Optional.of(source), key));
    }

    /** The v1.1 key of {@code source}'s listing of {@code subject} (canonical, as StopPay's own tools write it). */
    public static ListingKey bySource(final SubjectKey subject, final String source) {
        final String trimmed = CanonicalIdentifiers.trimBlanks(source);
        return new ListingKey(subject, Optional.of(trimmed), subject.toString() + SOURCE_SEPARATOR + trimmed);
    }

    /** The v1 key of {@code subject}: one listing, by whatever source its record names. */
    public static ListingKey v1(final SubjectKey subject) {
        return new ListingKey(subject, Optional.empty(), subject.toString());
    }

    /**
     * The listed subject in canonical form.
     *
     * @throws UnreadableIdentifierException when its id has none
     */
    public SubjectKey canonicalSubject() {
        return subject.canonical();
    }

    /**
     * True when {@code other} is the same listing written another way: the same subject once
     * canonical, and the same source in the key (or both v1 keys).
     */
    public boolean sameListingAs(final ListingKey other) {
        return source.equals(other.source) && canonicalSubject().equals(other.canonicalSubject());
    }

    @Override
    public String toString() {
        return written;
    }
}
