package io.stoppay.rules;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** Formats minor units for evidence a human reads: {@code CNY 12,000.00}. */
public final class Money {

    private Money() {
    }

    public static String format(final long minor, final String currencyCode) {
        final int digits = Math.max(0, Currency.getInstance(currencyCode).getDefaultFractionDigits());
        return String.format(Locale.ROOT, "%s %,." + digits + "f", currencyCode, BigDecimal.valueOf(minor, digits));
    }

    public static String format(final long minor, final Currency currency) {
        return format(minor, currency.getCurrencyCode());
    }
}
