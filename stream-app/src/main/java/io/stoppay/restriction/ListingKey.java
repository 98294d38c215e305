package io.stoppay.restriction;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.identifier.UnreadableIdentifierException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Parses a list key, the source after its last {@code |}; empty when it is neither
     * {@code TYPE:id} nor {@code TYPE:id|source} with a non-blank source. An id may hold a bar
     * itself ({@code DEVICE:dev|1}): without the entry, that key reads as source {@code 1}, and
     * only {@link #parse(String, SubjectKey, String)} or {@link #readings} tell it from a v1 key.
     */
    public static Optional<ListingKey> parse(final String key) {
        if (key == null) {
            return Optional.empty();
        }
        final int bar = key.lastIndexOf(SOURCE_SEPARATOR);
        return bar < 0 ? v1Reading(key) : sourceReading(key, bar);
    }

    /**
     * The reading of {@code key} that fits its entry, which names {@code entrySubject} (as written)
     * and {@code entrySource}: {@code TYPE:id|source} naming the entry's subject and source, whatever
     * bars the id holds; else the v1 key {@code TYPE:id} naming the entry's subject; else
     * {@link #parse(String)}.
     */
    public static Optional<ListingKey> parse(final String key, final SubjectKey entrySubject, final String entrySource) {
        if (key == null) {
            return Optional.empty();
        }
        final String source = CanonicalIdentifiers.trimBlanks(entrySource);
        for (final ListingKey reading : readings(key)) {
            final boolean fits = reading.source().isPresent() ? reading.source().get().equals(source)
                    : idHoldsTheBar(entrySubject);
            if (fits && sameSubject(reading.subject(), entrySubject)) {
                return Optional.of(reading);
            }
        }
        return parse(key);
    }

    /** Every way to read {@code key}: with the source after each {@code |}, the last first, then as a v1 key. */
    public static List<ListingKey> readings(final String key) {
        final List<ListingKey> readings = new ArrayList<>();
        if (key == null) {
            return readings;
        }
        for (int bar = key.lastIndexOf(SOURCE_SEPARATOR); bar >= 0; bar = key.lastIndexOf(SOURCE_SEPARATOR, bar - 1)) {
            sourceReading(key, bar).ifPresent(readings::add);
        }
        v1Reading(key).ifPresent(readings::add);
        return readings;
    }

    private static Optional<ListingKey> v1Reading(final String key) {
        return SubjectKey.parse(key).map(subject -> new ListingKey(subject, Optional.empty(), key));
    }

    private static Optional<ListingKey> sourceReading(final String key, final int bar) {
        final String source = CanonicalIdentifiers.trimBlanks(key.substring(bar + 1));
        if (source.isEmpty()) {
            return Optional.empty();
        }
        return SubjectKey.parse(key.substring(0, bar)).map(subject -> new ListingKey(subject, Optional.of(source), key));
    }

    /** Only then can a key with a bar be a v1 key: a phone parser reads {@code 139…| } as 139… too. */
    private static boolean idHoldsTheBar(final SubjectKey subject) {
        return subject != null && subject.id() != null && subject.id().indexOf(SOURCE_SEPARATOR) >= 0;
    }

    private static boolean sameSubject(final SubjectKey a, final SubjectKey b) {
        try {
            return b != null && a.canonical().equals(b.canonical());
        } catch (final UnreadableIdentifierException e) {
            return false;
        }
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
