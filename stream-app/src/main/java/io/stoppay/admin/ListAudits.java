package io.stoppay.admin;

import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import java.time.Instant;
import stoppay.v1.ListAction;
import stoppay.v1.ListAudit;
import stoppay.v1.RiskListEntry;

/**
 * The records of one listing, as every writer of {@code risk.lists.v1} makes them: the key an
 * entry is written under (its source's listing, canonical) and the {@link ListAudit} record that
 * goes with it on {@code risk.lists.audit.v1}, keyed by the subject. Shared by
 * {@link ListMaintenance} (admin API, CLI) and the outcome loop (a bank's CONFIRMED_FRAUD), so
 * that a listing reads the same on the audit trail whoever made it.
 */
public final class ListAudits {

    /** {@code via} of a listing made by a bank's CONFIRMED_FRAUD outcome. */
    public static final String VIA_BANK_OUTCOME = "bank-outcome";

    private ListAudits() {
    }

    /** The key a (valid) entry is written under: its source's listing of its subject, canonical ({@code TYPE:id|source}). */
    public static ListingKey listingOf(final RiskListEntry entry) {
        return ListingKey.bySource(SubjectKey.of(entry.getSubjectType(), entry.getSubjectId()), entry.getSource());
    }

    /**
     * The LISTED audit record of {@code entry}: its reason is the entry's, {@code at} is when the
     * change was made (millis precision), {@code via} what made it.
     */
    public static ListAudit listed(final RiskListEntry entry, final String auditId, final String operator,
                                   final String via, final Instant at) {
        return ListAudit.newBuilder().setAuditId(auditId).setAction(ListAction.LISTED)
                .setSubjectType(entry.getSubjectType()).setSubjectId(entry.getSubjectId()).setEntry(entry)
                .setOperator(operator).setReason(entry.getReason()).setVia(via).setAt(at)
                .setListingKey(listingOf(entry).written()).build();
    }

    /** The key of an audit record on {@code risk.lists.audit.v1}: its subject, {@code TYPE:id}. */
    public static String auditKey(final ListAudit record) {
        return SubjectKey.forLookup(record.getSubjectType(), record.getSubjectId()).toString();
    }
}
