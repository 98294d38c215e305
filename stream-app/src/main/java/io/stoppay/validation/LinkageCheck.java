package io.stoppay.validation;

import io.stoppay.restriction.LinkKey;
import java.util.Optional;
import stoppay.v1.Linkage;

/**
 * A linkage record must be keyed {@code aType:aId|bType:bId}; a linkage must link the two
 * subjects of its key, and two different ones. A tombstone needs only a valid key.
 */
public final class LinkageCheck implements RecordCheck<Linkage> {

    @Override
    public void check(final String key, final Linkage linkage, final long timestamp) {
        final Optional<LinkKey> link = LinkKey.parse(key);
        if (link.isEmpty()) {
            throw new InvalidRecordException("INVALID_KEY", "linkage key is not aType:aId|bType:bId");
        }
        if (linkage == null) {
            return;
        }
        if (PaymentCheck.isBlank(linkage.getAId()) || PaymentCheck.isBlank(linkage.getBId())) {
            throw new InvalidRecordException("MISSING_SUBJECT", "linkage has a blank subject id");
        }
        if (!LinkKey.of(linkage).sameLinkAs(link.get())) {
            throw new InvalidRecordException("KEY_MISMATCH", "linkage does not link the subjects of its key");
        }
        if (link.get().a().equals(link.get().b())) {
            throw new InvalidRecordException("SELF_LINK", "linkage links a subject to itself");
        }
    }
}
