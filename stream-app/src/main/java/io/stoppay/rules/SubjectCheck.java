package io.stoppay.rules;

import io.stoppay.privacy.Mask;
import java.util.List;
import stoppay.v1.ListType;
import stoppay.v1.Restriction;
import stoppay.v1.SubjectType;

/**
 * One identifier a payment carries ("payee phone", "payer IP"), as the payment wrote it, with
 * every list entry that reaches it, strongest first, how many accounts it stands for where that
 * is known and notable (a holder's linked accounts and cards, the payer accounts seen on a device
 * or IP; 0 otherwise), and whether it is a hub (more links than
 * {@code stoppay.restriction.max.degree}: only its own listing restricts it).
 */
public record SubjectCheck(String role, SubjectType type, String id, List<Restriction> restrictions,
                           int accounts, boolean hub) {

    public SubjectCheck(final String role, final SubjectType type, final String id,
                        final List<Restriction> restrictions) {
        this(role, type, id, restrictions, 0, false);
    }

    /** The strongest entry that restricts (any list type but VICTIM_WATCH), or null. */
    public Restriction strongestRestriction() {
        // Loops rather than streams in these two: several rules ask for every identifier of every payment.
        for (final Restriction restriction : restrictions) {
            if (restriction.getListType() != ListType.VICTIM_WATCH) {
                return restriction;
            }
        }
        return null;
    }

    /** The nearest VICTIM_WATCH entry, or null. */
    public Restriction protection() {
        for (final Restriction restriction : restrictions) {
            if (restriction.getListType() == ListType.VICTIM_WATCH) {
                return restriction;
            }
        }
        return null;
    }

    /** True for the identifiers of where a payment was made from rather than of whom. */
    public boolean isChannelIdentifier() {
        return type == SubjectType.DEVICE || type == SubjectType.IP;
    }

    /** "payee phone 138****5678". */
    public String maskedLabel() {
        return role + " " + Mask.subject(type, id);
    }
}
