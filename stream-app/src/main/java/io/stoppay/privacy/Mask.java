package io.stoppay.privacy;

import stoppay.v1.SubjectType;

/**
 * Masks personal identifiers before they reach a log line, an evidence text or a police feed:
 * enough is left for a human to recognise the subject ("6222…1234", "138****5678"), never
 * enough to use it.
 */
public final class Mask {

    private static final String CHINA = "+86";
    private static final int MAINLAND_MOBILE_DIGITS = 11;

    private Mask() {
    }

    /** Masks an identifier according to what kind of subject it names. */
    public static String subject(final SubjectType type, final String id) {
        if (id == null) {
            return "-";
        }
        return switch (type) {
            case ACCOUNT, CARD -> cardOrAccount(id);
            case PHONE -> phone(id);
            case ID_NUMBER, DEVICE -> prefix(id, 4);
            case IP -> ip(id);
            case MERCHANT -> id;
        };
    }

    /** Bank card or account number: first four and last four digits. */
    public static String cardOrAccount(final String number) {
        if (number == null) {
            return "-";
        }
        if (number.length() >= 12) {
            return number.substring(0, 4) + "…" + number.substring(number.length() - 4);
        }
        return number.length() >= 8 ? "…" + number.substring(number.length() - 4) : "****";
    }

    /**
     * Mobile number: the operator prefix and the last four digits, as banks print it. A mainland
     * number in E.164 ({@code +86} and 11 digits, as StopPay stores phones) shows its national
     * number's prefix, not the country code: {@code +8613912345678} is {@code 139****5678}.
     */
    public static String phone(final String phone) {
        if (phone == null) {
            return "-";
        }
        final String number = phone.startsWith(CHINA) && phone.length() == CHINA.length() + MAINLAND_MOBILE_DIGITS
                ? phone.substring(CHINA.length()) : phone;
        if (number.length() >= MAINLAND_MOBILE_DIGITS) {
            return number.substring(0, 3) + "****" + number.substring(number.length() - 4);
        }
        return number.length() > 4 ? "****" + number.substring(number.length() - 2) : "****";
    }

    /** A person's name: the first character only. */
    public static String name(final String name) {
        if (name == null || name.isEmpty()) {
            return "-";
        }
        // The first code point, not char: a rare character outside the BMP is two chars.
        return name.substring(0, Character.charCount(name.codePointAt(0))) + "*";
    }

    private static String ip(final String ip) {
        final int lastDot = ip.lastIndexOf('.');
        if (lastDot > 0 && ip.indexOf(':') < 0) {
            final int secondLastDot = ip.lastIndexOf('.', lastDot - 1);
            return secondLastDot > 0 ? ip.substring(0, secondLastDot) + ".*.*" : "*.*.*.*";
        }
        return prefix(ip, 4);
    }

    private static String prefix(final String text, final int keep) {
        return text.length() > keep ? text.substring(0, keep) + "…" : "…";
    }
}
