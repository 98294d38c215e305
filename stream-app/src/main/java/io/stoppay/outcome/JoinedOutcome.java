package io.stoppay.outcome;

import java.time.Instant;
import java.util.Optional;
import stoppay.internal.v1.IssuedNotice;

/**
 * An outcome joined to the alert or warning it answers, as the outcome loop emits it: once per
 * distinct outcome of a notice, when the second of the two arrives. What statistics can count
 * (region, kind, time from {@code notice.issuedAt} to {@code actedAt}), and, for a CONFIRMED_FRAUD,
 * the listing it makes. Travels only between processors of one task (never serialized).
 *
 * @param notice  what StopPay issued
 * @param outcome the outcome's name ({@code StopPaymentOutcomeKind} or {@code WarningOutcomeKind})
 * @param actedAt when the bank or centre acted
 * @param actor   the operator's or officer's id
 * @param listing the listing this outcome makes (CONFIRMED_FRAUD), if any
 */
public record JoinedOutcome(IssuedNotice notice, String outcome, Instant actedAt, String actor,
                            Optional<ListChange> listing) {
}
