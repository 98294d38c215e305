package io.stoppay.identifier;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import stoppay.v1.SubjectType;

/**
 * One canonical form per subject type, so that the same subject matches however a list, a
 * linkage or a payment wrote it, and two different subjects never do (FIELD-NOTES, "Identifiers
 * as feeders write them"):
 *
 * <ul>
 *   <li>{@code PHONE}: E.164 ({@code +8613912345678}), parsed by Google's libphonenumber with
 *       default region CN, so {@code 139 1234 5678}, {@code +86 139-1234-5678} and
 *       {@code 0086 13912345678} are one subject, while {@code +852 …} or {@code +1 …} keep their
 *       own country code and never collide with a Chinese mobile. A number libphonenumber cannot
 *       parse, or whose length no number of its region has, is unreadable.</li>
 *   <li>{@code CARD}: digits only; spaces and dashes (including full-width and Unicode dashes)
 *       are dropped and full-width digits read as digits. The result must be 12 to 19 digits
 *       (ISO/IEC 7812 primary account numbers; Maestro's shortest is 12, UnionPay's longest 19).</li>
 *   <li>every other type ({@code ACCOUNT}, {@code ID_NUMBER}, {@code DEVICE}, {@code IP},
 *       {@code MERCHANT}): trimmed of surrounding blanks, including the ideographic space.</li>
 * </ul>
 *
 * Canonicalising an already canonical form returns it unchanged.
 */
public final class CanonicalIdentifiers {

    /** Where a number without a country code is dialled: the banks StopPay serves are in mainland China. */
    public static final String DEFAULT_REGION = "CN";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int MIN_CARD_DIGITS = 12;
    private static final int MAX_CARD_DIGITS = 19;

    private CanonicalIdentifiers() {
    }

    /**
     * The canonical form of {@code raw} as a {@code type}.
     *
     * @throws UnreadableIdentifierException when it has none (blank, or not a phone or card number)
     */
    public static String canonical(final SubjectType type, final String raw) {
        final String trimmed = raw == null ? "" : raw.strip();
        if (trimmed.isEmpty()) {
            throw new UnreadableIdentifierException(type, "is blank");
        }
        return switch (type) {
            case PHONE -> e164(trimmed);
            case CARD -> cardDigits(trimmed);
            default -> trimmed;
        };
    }

    private static String e164(final String raw) {
        final PhoneNumber number;
        try {
            number = PHONES.parse(raw, DEFAULT_REGION);
        } catch (final NumberParseException e) {
            throw new UnreadableIdentifierException(SubjectType.PHONE, "is not a phone number ("
                    + e.getErrorType() + ")");
        }
        if (!PHONES.isPossibleNumber(number)) {
            throw new UnreadableIdentifierException(SubjectType.PHONE,
                    "has a length no phone number of its region has (" + PHONES.isPossibleNumberWithReason(number) + ")");
        }
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    private static String cardDigits(final String raw) {
        final StringBuilder digits = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            final int digit = Character.digit(c, 10);
            if (digit >= 0) {
                digits.append((char) ('0' + digit));
            } else if (!isSeparator(c)) {
                throw new UnreadableIdentifierException(SubjectType.CARD, "has a character that is not a digit, a space or a dash");
            }
        }
        if (digits.length() < MIN_CARD_DIGITS || digits.length() > MAX_CARD_DIGITS) {
            throw new UnreadableIdentifierException(SubjectType.CARD, "has " + digits.length()
                    + " digits; a card number has " + MIN_CARD_DIGITS + " to " + MAX_CARD_DIGITS);
        }
        return digits.toString();
    }

    private static boolean isSeparator(final char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.DASH_PUNCTUATION;
    }
}
