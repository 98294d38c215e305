package io.stoppay.admin;

import io.stoppay.identifier.CanonicalIdentifiers;
import io.stoppay.identifier.UnreadableIdentifierException;
import io.stoppay.restriction.ListingKey;
import io.stoppay.restriction.SubjectKey;
import io.stoppay.validation.FieldLengths;
import io.stoppay.validation.InvalidRecordException;
import io.stoppay.validation.ListEntryCheck;
import io.stoppay.validation.ScreenText;
import java.time.Instant;
import stoppay.v1.RiskListEntry;
import stoppay.v1.SubjectType;

/**
 * What a list change must satisfy before it is written, shared by {@link ListMaintenance} and
 * {@link ListFile} so that a file is rejected by the line for exactly what a single request would
 * be rejected for. An entry must pass {@link ListEntryCheck} (what StopPay itself accepts from the
 * lists topic), have a listing time, and expire, if at all, after it was listed and in the future.
 * Public so that a caller (the CLI, the HTTP API) can reject a request before it connects anywhere.
 */
public final class ListRequestRules {

    private static final ListEntryCheck ENTRY_CHECK = new ListEntryCheck();
    static final int MAX_SUBJECT_ID_CHARS = 256;

    private ListRequestRules() {
    }

    /** {@code value}, which must not be null or blank. */
    public static String requireText(final String field, final String value) {
        if (value == null || value.isBlank()) {
            throw InvalidListRequestException.of(field, "required");
        }
        return value;
    }

    private static final String SOURCE_CHARACTERS = "must not contain control, line-separator or direction-changing characters";

    /** A source as named in a request: required, without characters StopPay dead-letters ({@link ScreenText}). */
    public static String requireSource(final String source) {
        requireText("source", source);
        if (ScreenText.unsafe(source)) {
            throw InvalidListRequestException.of("source", SOURCE_CHARACTERS);
        }
        return source;
    }

    /**
     * A subject's id: required, in any form its type has a canonical one for (an account id with
     * blanks around it is the account, as in lists and payments), at most
     * {@value #MAX_SUBJECT_ID_CHARS} characters, and nothing that could act as a path when the id
     * travels in a URL (a slash, a backslash, a control character, "." or ".."). A {@code |} is an
     * id's own (CONTRACT v1 lets a device id hold one): StopPay reads the key {@code TYPE:id|source}
     * these tools write with its entry, which names the subject and the source (design note 14).
     */
    public static String requireSubjectId(final String id) {
        requireText("subjectId", id);
        if (CanonicalIdentifiers.isBlank(id)) {
            throw InvalidListRequestException.of("subjectId", "required");
        }
        if (id.length() > MAX_SUBJECT_ID_CHARS || id.equals(".") || id.equals("..")
                || id.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            throw InvalidListRequestException.of("subjectId", "must be at most " + MAX_SUBJECT_ID_CHARS
                    + " characters, without '/', '\\', control characters, and not '.' or '..'");
        }
        return id;
    }

    static SubjectType requireSubjectType(final SubjectType type) {
        if (type == null) {
            throw InvalidListRequestException.of("subjectType", "required");
        }
        return type;
    }

    /**
     * Checks a release: subject type and id, a reason and an operator are required.
     *
     * @return the key of the released subject
     */
    public static SubjectKey checkRelease(final SubjectType type, final String subjectId, final String reason,
                                          final String operator) {
        final SubjectKey subject = canonical(requireSubjectType(type), requireSubjectId(subjectId));
        requireText("reason", reason);
        requireText("operator", operator);
        return subject;
    }

    /** Checks an entry to be listed at {@code now}; the message names the first wrong field. */
    public static void checkEntry(final RiskListEntry entry, final Instant now) {
        if (entry == null) {
            throw InvalidListRequestException.of("entry", "required");
        }
        final SubjectKey subject = canonical(requireSubjectType(entry.getSubjectType()),
                requireSubjectId(entry.getSubjectId()));
        if (entry.getListType() == null) {
            throw InvalidListRequestException.of("listType", "required");
        }
        if (entry.getListedAt() == null) {
            throw InvalidListRequestException.of("listedAt", "required");
        }
        try {
            ENTRY_CHECK.check(subject.toString(), entry, entry.getListedAt().toEpochMilli());
            if (!CanonicalIdentifiers.isBlank(entry.getSource())) {
                // What StopPay would dead-letter as FIELD_TOO_LONG must not be written (and audited) at all.
                FieldLengths.check(ListingKey.bySource(subject, entry.getSource()).written(), entry);
            }
        } catch (final InvalidRecordException e) {
            throw switch (e.reason()) {
                case "INVALID_RISK_LEVEL" -> InvalidListRequestException.of("riskLevel",
                        "must be 1..3, was " + entry.getRiskLevel());
                case "MISSING_SOURCE" -> InvalidListRequestException.of("source", "required");
                case "INVALID_SOURCE" -> InvalidListRequestException.of("source", SOURCE_CHARACTERS);
                case "FIELD_TOO_LONG" -> InvalidListRequestException.of("entry", e.getMessage());
                case "MISSING_SUBJECT" -> InvalidListRequestException.of("subjectId", "required");
                default -> InvalidListRequestException.of("entry", e.getMessage());
            };
        }
        final Instant expiresAt = entry.getExpiresAt();
        if (expiresAt != null && !expiresAt.isAfter(entry.getListedAt())) {
            throw InvalidListRequestException.of("expiresAt", "must be after listedAt (" + entry.getListedAt() + "), was "
                    + expiresAt);
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            // StopPay would release it at once: almost certainly a typo in the year.
            throw InvalidListRequestException.of("expiresAt", "already passed, was " + expiresAt);
        }
    }

    private static SubjectKey canonical(final SubjectType type, final String subjectId) {
        try {
            return SubjectKey.of(type, subjectId);
        } catch (final UnreadableIdentifierException e) {
            throw InvalidListRequestException.of("subjectId", e.getMessage());
        }
    }
}
