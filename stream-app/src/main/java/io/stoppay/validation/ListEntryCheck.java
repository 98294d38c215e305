package io.stoppay.validation;

import io.stoppay.restriction.SubjectKey;
import java.util.Optional;
import stoppay.v1.RiskListEntry;

/**
 * A list record must be keyed {@code TYPE:id} with an id that has a canonical form, and an
 * entry must name the subject of its key (however either wrote it), with a risk level of 1 to
 * 3 and a source. A tombstone (a release) needs only a valid key.
 */
public final class ListEntryCheck implements RecordCheck<RiskListEntry> {

    @Override
    public void check(final String key, final RiskListEntry entry, final long timestamp) {
        final Optional<SubjectKey> subject = SubjectKey.parse(key);
        if (subject.isEmpty()) {
            throw new InvalidRecordException("INVALID_KEY", "list record key is not TYPE:id");
        }
        final SubjectKey listed = CanonicalSubjects.canonical(subject.get()::canonical);
        if (entry == null) {
            return;
        }
        if (PaymentCheck.isBlank(entry.getSubjectId())) {
            throw new InvalidRecordException("MISSING_SUBJECT", "list entry has no subjectId");
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
    }
}
