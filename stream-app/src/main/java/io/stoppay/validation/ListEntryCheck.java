package io.stoppay.validation;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.util.Optional;
import stoppay.v1.RiskListEntry;

/**
 * A list record must be keyed {@code TYPE:id} or {@code TYPE:id|source} (CONTRACT v1.1) with an
 * id that has a canonical form, and an entry must name the subject of its key (however either
 * wrote it), with a risk level of 1 to 3 and a source, the key's source when it names one. A
 * tombstone (a release) needs only a valid key.
 */
public final class ListEntryCheck implements RecordCheck<RiskListEntry> {

    @Override
    public void check(final String key, final RiskListEntry entry, final long timestamp) {
        // First: a blank id has no reading of the key to find, and would fail as no subject at all.
        if (entry != null && PaymentCheck.isBlank(entry.getSubjectId())) {
            throw new InvalidRecordException("MISSING_SUBJECT", "list entry has no subjectId");
        }
        // An id may hold the bar itself (DEVICE:dev|1): the entry tells a v1 key from a source's.
        final Optional<ListingKey> listing = entry == null || entry.getSubjectType() == null ? ListingKey.parse(key)
                : ListingKey.parse(key, SubjectKey.forLookup(entry.getSubjectType(), entry.getSubjectId()), entry.getSource());
        if (listing.isEmpty()) {
            throw new InvalidRecordException("INVALID_KEY", "list record key is not TYPE:id or TYPE:id|source");
        }
        final SubjectKey listed = CanonicalSubjects.canonical(listing.get()::canonicalSubject);
        if (entry == null) {
            return;
        }
        if (!listed.equals(CanonicalSubjects.canonical(() -> SubjectKey.of(entry.getSubjectType(), entry.getSubjectId())))) {
            throw new InvalidRecordException("KEY_MISMATCH", "list entry does not name the subject of its key");
        }
        if (entry.getRiskLevel() < 1 || entry.getRiskLevel() > 3) {
            throw new InvalidRecordException("INVALID_RISK_LEVEL",
                    "list entry has riskLevel " + entry.getRiskLevel() + "; it must be 1..3");
        }
        if (PaymentCheck.isBlank(entry.getSource())) {
            throw new InvalidRecordException("MISSING_SOURCE", "list entry has no source");
        }
        if (ScreenText.unsafe(entry.getSource())) {
            throw new InvalidRecordException("INVALID_SOURCE", "list entry's source has a control, line-separator or direction-changing character");
        }
        if (listing.get().source().filter(source -> !source.equals(CanonicalIdentifiers.trimBlanks(entry.getSource())))
                .isPresent()) {
            throw new InvalidRecordException("KEY_MISMATCH", "list entry's source is not the source in its key");
        }
    }
}
