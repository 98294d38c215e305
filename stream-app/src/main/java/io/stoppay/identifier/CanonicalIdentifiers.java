package io.stoppay.identifier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.net.InetAddresses;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.function.IntPredicate;
import stoppay.v1.SubjectType;

/**
 * One canonical form per subject type, so that the same subject matches however a list, a
 * linkage or a payment wrote it, and two different subjects never do (FIELD-NOTES, "Identifiers
 * as feeders write them"):
 *
 * <ul>
 *   <li>{@code PHONE}: E.164 ({@code +86139…}), parsed by Google's libphonenumber with default
 *       region CN, so a mobile written {@code 139 …}, {@code +86 139-…} or {@code 0086 139…} is
 *       one subject, while {@code +852 …} or {@code +1 …} keep their
 *       own country code and never collide with a Chinese mobile. Unreadable: a number with
 *       letters (libphonenumber would read {@code 139ABCD…} as keypad digits: another
 *       subscriber's number), one libphonenumber cannot parse, and one it does not know as a valid
 *       number of its region (an eight-digit local number without its area code is Beijing's and
 *       Shanghai's alike; a mobile with a digit too many is nobody's). Also read: an RFC 3966
 *       {@code tel:} URI, a number followed by its extension (dropped), and a mainland 13-digit
 *       IoT number, which libphonenumber does not know.</li>
 *   <li>{@code CARD}: digits only; blanks, dashes and dots (including full-width and Unicode
 *       dashes) are dropped and full-width digits read as digits. The result must be 12 to 19
 *       digits (ISO/IEC 7812 primary account numbers; Maestro's shortest is 12, UnionPay's
 *       longest 19).</li>
 *   <li>{@code ACCOUNT}: every blank dropped, inside as well as around ({@link #accountId}):
 *       {@code 6222 0202 0011}, {@code 6222020200 11} and {@code 62220202} with a zero-width
 *       space before {@code 0011} are one account. Dashes, dots and letters are kept: some banks' account ids hold them, so
 *       {@code ACC-1} and {@code ACC1} may be two accounts, and two accounts must never match.</li>
 *   <li>{@code IP}: an IP address in its RFC 5952 form (lower case, leading zeros dropped, the
 *       longest run of zero groups as {@code ::}), and an IPv4-mapped IPv6 address
 *       ({@code ::ffff:100.64.5.9}) as its IPv4 address, read by Guava's {@code InetAddresses}
 *       (a literal, never a DNS name): {@code 2001:DB8:a1:0:0:0:0:1} and {@code 2001:db8:a1::1} are
 *       one address. Anything that is no IP literal is kept as written, trimmed.</li>
 *   <li>every other type ({@code ID_NUMBER}, {@code DEVICE}, {@code MERCHANT}): trimmed of
 *       surrounding blanks. A device id is opaque, so its case is kept.</li>
 * </ul>
 *
 * An id with a control character inside it (NUL, a line break; a tab is a blank) is unreadable,
 * whatever its type.
 *
 * A blank is any Unicode white space, space separator (the no-break, figure, thin and
 * ideographic spaces among them) or invisible format character (zero-width space, byte-order
 * mark): feeders' data has all of them, and an id that is only blanks is unreadable.
 *
 * Canonicalising an already canonical form returns it unchanged.
 */
public final class CanonicalIdentifiers {

    /** The full-width forms of ASCII's printable characters ({@code ！} to {@code ～}, Unicode's Halfwidth and Fullwidth Forms block). */
    private static final char FULL_WIDTH_FIRST = '\uFF01';
    private static final char FULL_WIDTH_LAST = '\uFF5E';
    /** What a full-width form is above its ASCII character. */
    private static final int FULL_WIDTH_OFFSET = FULL_WIDTH_FIRST - '!';

    /** Where a number without a country code is dialled: the banks StopPay serves are in mainland China. */
    public static final String DEFAULT_REGION = "CN";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /**
     * How many numbers, as written, keep what libphonenumber made of them. Parsing and validating
     * a number was 12% of the stream thread's samples at max rate (JFR, 2026-12-01): every
     * payment looks up both parties' phones, and the same customers pay again and again. At
     * 65,536 the cache held fewer numbers than the 100,000 customers of a benchmark run, so most
     * lookups still parsed, and evicting cost on top: 8.8% of the stream thread's samples, 0.5% of
     * them hits (JFR, 2026-12-02). About 150 bytes each, so at most ~40 MB of heap, held only by
     * numbers seen; a bank with more customers than this who all pay within the same hours keeps
     * parsing the rest, which costs throughput, not correctness.
     */
    private static final int PHONES_REMEMBERED = 262_144;
    /**
     * Upkeep (eviction) runs on the reading thread: handing it to the common pool parked the stream
     * thread in {@code ForkJoinPool.externalPush} (jstack at max rate).
     */
    private static final Cache<String, ReadPhone> READ_PHONES = Caffeine.newBuilder()
            .maximumSize(PHONES_REMEMBERED).executor(Runnable::run).build();
    private static final String TEL_SCHEME = "tel:";
    /** What feeders write between a number and its extension: libphonenumber's {@code #}, and Chinese ones. */
    private static final String[] EXTENSION_MARKERS = {"#", "转", "分机", "～", "~", "ext.", "ext"};
    private static final int IOT_DIGITS = 13;
    private static final int MAINLAND_COUNTRY_CODE = 86;
    private static final String[] IOT_PREFIXES = {"1064", "140", "141", "144", "146", "148"};
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
        final String trimmed = trimBlanks(raw);
        if (trimmed.isEmpty()) {
            throw new UnreadableIdentifierException(type, "is blank");
        }
        if (hasControlCharacter(trimmed)) {
            // NUL and friends are no part of an identifier, and the graph's store keys use NUL as a separator.
            throw new UnreadableIdentifierException(type, "has a control character");
        }
        return switch (type) {
            case PHONE -> e164(trimmed);
            case CARD -> cardDigits(trimmed);
            case ACCOUNT -> accountId(trimmed);
            case IP -> ipAddress(trimmed);
            default -> trimmed;
        };
    }

    /** A loop, not a stream: every identifier of every payment passes here. */
    private static boolean hasControlCharacter(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /**
     * An IP literal in its RFC 5952 form, an IPv4-mapped one as IPv4; {@code trimmed} itself (the same
     * instance) when it is no IP literal or already in that form.
     */
    public static String ipAddress(final String trimmed) {
        if (!InetAddresses.isInetAddress(trimmed)) {
            return trimmed;
        }
        final String canonical = InetAddresses.toAddrString(InetAddresses.forString(trimmed));
        return canonical.equals(trimmed) ? trimmed : canonical;
    }

    /** {@code text} without the blanks around it; empty for null. */
    public static String trimBlanks(final String text) {
        if (text == null) {
            return "";
        }
        int start = 0;
        int end = text.length();
        while (start < end && isBlank(text.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * An account id as StopPay keys it (payments, profiles, histories, lists): {@code text} without
     * any blank, inside or around it; empty for null. Feeders copy account numbers from forms and
     * spreadsheets that group digits with spaces or carry an invisible zero-width space, and an
     * account written so is no other account. Only blanks go: a dash, a dot or a letter may tell
     * one bank's account from another ({@code ACC-1} is not {@code ACC1}). Full-width forms (a
     * Chinese input method's {@code ６２２２}, {@code ＡＣＣ－１}) are read as the ASCII characters
     * they stand for, as they are in cards and phones: typed so, the account is the same one.
     * Letters keep their case.
     */
    public static String accountId(final String text) {
        if (text == null) {
            return "";
        }
        StringBuilder id = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final boolean blank = isBlank(c);
            final boolean fullWidth = c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST;
            if (id == null && (blank || fullWidth)) {
                // Most ids are written plainly: they are returned as they are, without a copy.
                id = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (id != null && !blank) {
                id.append(fullWidth ? (char) (c - FULL_WIDTH_OFFSET) : c);
            }
        }
        return id == null ? text : id.toString();
    }

    /** True when {@code text} is null or only blanks. */
    public static boolean isBlank(final String text) {
        return trimBlanks(text).isEmpty();
    }

    private static boolean isBlank(final char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    /** What a number, as written, reads as: its E.164 form, or why it has none. */
    private record ReadPhone(String e164, String unreadableBecause) {
    }

    private static String e164(final String written) {
        final ReadPhone read = READ_PHONES.get(written, CanonicalIdentifiers::readPhone);
        if (read.e164() == null) {
            throw new UnreadableIdentifierException(SubjectType.PHONE, read.unreadableBecause());
        }
        return read.e164();
    }

    private static ReadPhone readPhone(final String written) {
        try {
            return new ReadPhone(parsedE164(written), null);
        } catch (final UnreadableIdentifierException e) {
            return new ReadPhone(null, e.why());
        }
    }

    private static String parsedE164(final String written) {
        final String raw = withoutExtension(withoutTelScheme(written));
        final StringBuilder text = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (Character.isLetter(c)) {
                throw new UnreadableIdentifierException(SubjectType.PHONE, "has letters");
            }
            if (!isBlank(c)) { // libphonenumber reads some blanks (thin spaces) as the end of the number
                text.append(c);
            }
        }
        final PhoneNumber number;
        try {
            number = PHONES.parse(text.toString(), DEFAULT_REGION);
        } catch (final NumberParseException e) {
            throw new UnreadableIdentifierException(SubjectType.PHONE, "is not a phone number ("
                    + e.getErrorType() + ")");
        }
        if (!PHONES.isValidNumber(number)) {
            // Only a mainland number may be an IoT number: +1 440 123 456 789 has the digits of one.
            final String iot = number.getCountryCode() == MAINLAND_COUNTRY_CODE ? chineseIotNumber(text) : null;
            if (iot != null) {
                return "+86" + iot;
            }
            throw new UnreadableIdentifierException(SubjectType.PHONE, "is not a valid number of its region ("
                    + PHONES.isPossibleNumberWithReason(number) + ")");
        }
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /** The number of an RFC 3966 URI ({@code tel:+86-139-1234-5678;ext=8}); any other text as it is. */
    private static String withoutTelScheme(final String text) {
        if (!text.regionMatches(true, 0, TEL_SCHEME, 0, TEL_SCHEME.length())) {
            return text;
        }
        final int parameters = text.indexOf(';');
        return text.substring(TEL_SCHEME.length(), parameters < 0 ? text.length() : parameters);
    }

    /**
     * The number without an extension after it ({@code 139… #}, {@code 010-6552 9988 转 8},
     * {@code … 分机 8}, {@code … ext. 8}): the extension is a desk behind the number, and the number is the subject.
     * A marker counts only after some number and before nothing but digits and blanks.
     */
    private static String withoutExtension(final String text) {
        final String lowerCase = text.toLowerCase(Locale.ROOT);
        for (final String marker : EXTENSION_MARKERS) {
            final int at = lowerCase.indexOf(marker);
            if (at > 0 && text.substring(at + marker.length()).chars()
                    .allMatch(c -> Character.isDigit(c) || isBlank((char) c))) {
                return text.substring(0, at);
            }
        }
        return text;
    }

    /**
     * The 13 national digits of a mainland IoT (物联网, machine-to-machine) number, or null. MIIT
     * gave these 13-digit numbers their own blocks (1064x, 140, 141, 144, 146, 148), which
     * libphonenumber does not know, and fraud rings use such SIMs; written with or without
     * {@code +86}/{@code 0086}, and with the usual separators, nothing else.
     */
    private static String chineseIotNumber(final CharSequence text) {
        final String digits = digitsOf(text, c -> "+-().\uFF0B\uFF0D".indexOf(c) >= 0);
        if (digits == null) {
            return null;
        }
        String national = digits;
        for (final String countryCode : new String[] {"0086", "86"}) {
            if (national.length() == IOT_DIGITS + countryCode.length() && national.startsWith(countryCode)) {
                national = national.substring(countryCode.length());
            }
        }
        if (national.length() != IOT_DIGITS) {
            return null;
        }
        for (final String prefix : IOT_PREFIXES) {
            if (national.startsWith(prefix)) {
                return national;
            }
        }
        return null;
    }

    /**
     * The digits of {@code text} as ASCII digits (full-width and other decimal digits read as
     * theirs), dropping the characters {@code separator} accepts; null when it has any other.
     */
    private static String digitsOf(final CharSequence text, final IntPredicate separator) {
        final StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final int digit = Character.digit(c, 10);
            if (digit >= 0) {
                digits.append((char) ('0' + digit));
            } else if (!separator.test(c)) {
                return null;
            }
        }
        return digits.toString();
    }

    private static String cardDigits(final String raw) {
        final String digits = digitsOf(raw, c -> isSeparator((char) c));
        if (digits == null) {
            throw new UnreadableIdentifierException(SubjectType.CARD,
                    "has a character that is not a digit, a blank, a dash or a dot");
        }
        if (digits.length() < MIN_CARD_DIGITS || digits.length() > MAX_CARD_DIGITS) {
            throw new UnreadableIdentifierException(SubjectType.CARD, "has " + digits.length()
                    + " digits; a card number has " + MIN_CARD_DIGITS + " to " + MAX_CARD_DIGITS);
        }
        return digits;
    }

    private static boolean isSeparator(final char c) {
        return isBlank(c) || Character.getType(c) == Character.DASH_PUNCTUATION || c == '.' || c == '\uFF0E';
    }
}
