package io.stoppay.validation;

import io.stoppay.restriction.LinkKey;
import java.util.Optional;
import stoppay.v1.Linkage;

/**
 * A linkage record must be keyed {@code aType:aId|bType:bId} with ids that have canonical
 * forms; a linkage must link the two subjects of its key (however either wrote them), and two
 * different ones. A tombstone needs only a valid key.
 */
public final class LinkageCheck implements RecordCheck<Linkage> {

    @Override
    public void check(final String key, final Linkage linkage, final long timestamp) {
        final Optional<LinkKey> parsed = LinkKey.parse(key);
        if (parsed.isEmpty()) {
            throw new InvalidRecordException("INVALID_KEY", "linkage key is not aType:aId|bType:bId");
        }
        final LinkKey link = CanonicalSubjects.canonical(parsed.get()::canonical);
        if (linkage == null) {
            return;
        }
        if (PaymentCheck.isBlank(linkage.getAId()) || PaymentCheck.isBlank(linkage.getBId())) {
            throw new InvalidRecordException("MISSING_SUBJECT", "linkage has a blank subject id");
        }
        final LinkKey described = CanonicalSubjects.canonical(() -> LinkKey.of(linkage));
        if (!described.sameLinkAs(link)) {
            throw new InvalidRecordException("KEY_MISMATCH", "linkage does not link the subjects of its key");
        }
        if (link.a().equals(link.b())) {
            throw new InvalidRecordException("SELF_LINK", "linkage links a subject to itself");
        }
    }
}
