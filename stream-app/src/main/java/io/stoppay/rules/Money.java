package io.stoppay.rules;

import java.util.Currency;

/** Formats minor units for evidence a human reads: {@code CNY 12,000.00}. */
public final class Money {

    private static final int GROUP = 3;

    private Money() {
    }

    public static String format(final long minor, final String currencyCode) {
        return format(minor, currencyCode, Currency.getInstance(currencyCode));
    }

    public static String format(final long minor, final Currency currency) {
        return format(minor, currency.getCurrencyCode(), currency);
    }

    /**
     * The text of {@code String.format(Locale.ROOT, "%s %,.Nf", code, BigDecimal.valueOf(minor, N))}
     * for the currency's N fraction digits, written out by hand: every hit's evidence formats
     * amounts, and a Formatter builds its DecimalFormatSymbols anew on every call. Nothing here is
     * shared, so any thread may call it.
     */
    private static String format(final long minor, final String code, final Currency currency) {
        final int digits = Math.max(0, currency.getDefaultFractionDigits());
        final String signed = Long.toString(minor);
        final String unsigned = minor < 0 ? signed.substring(1) : signed;
        // At least one digit before the point: 5 fen is 0.05.
        final String padded = unsigned.length() > digits ? unsigned
                : "0".repeat(digits + 1 - unsigned.length()) + unsigned;
        final int point = padded.length() - digits;
        final StringBuilder text = new StringBuilder(code.length() + padded.length() + point / GROUP + 3)
                .append(code).append(' ');
        if (minor < 0) {
            text.append('-');
        }
        for (int i = 0; i < point; i++) {
            if (i > 0 && (point - i) % GROUP == 0) {
                text.append(',');
            }
            text.append(padded.charAt(i));
        }
        if (digits > 0) {
            text.append('.').append(padded, point, padded.length());
        }
        return text.toString();
    }
}
