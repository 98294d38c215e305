package io.stoppay.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Amounts as evidence prints them. */
class MoneyTest {

    @Test
    void shouldPrintTheCurrencyCodeGroupedUnitsAndTheMinorUnits() {
        // When / Then
        assertThat(Money.format(1_200_000, "CNY")).isEqualTo("CNY 12,000.00");
        assertThat(Money.format(5, Currency.getInstance("CNY"))).isEqualTo("CNY 0.05");
        assertThat(Money.format(-123_456_789, "CNY")).isEqualTo("CNY -1,234,567.89");
        assertThat(Money.format(1_234_567, "JPY")).isEqualTo("JPY 1,234,567");
        assertThat(Money.format(1_234_567, "BHD")).isEqualTo("BHD 1,234.567");
    }

    /** Money is written out by hand for speed; it must print what String.format printed before. */
    @Test
    void shouldPrintWhatStringFormatPrints() {
        for (final String currencyCode : List.of("CNY", "JPY", "BHD", "XAU")) {
            // Zero to three fraction digits (gold has none: -1).
            final int digits = Math.max(0, Currency.getInstance(currencyCode).getDefaultFractionDigits());
            for (final long minor : amounts()) {
                // Given
                final String expected = String.format(Locale.ROOT, "%s %,." + digits + "f", currencyCode,
                        BigDecimal.valueOf(minor, digits));

                // When / Then
                assertThat(Money.format(minor, currencyCode)).as("%s %d", currencyCode, minor).isEqualTo(expected);
                assertThat(Money.format(minor, Currency.getInstance(currencyCode))).isEqualTo(expected);
            }
        }
    }

    /** Both signs around every length and grouping boundary, the extremes, and some at random. */
    private static List<Long> amounts() {
        final List<Long> minors = new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
        for (long power = 1; power <= Long.MAX_VALUE / 10; power *= 10) {
            for (final long near : new long[] {power - 1, power, power + 1}) {
                minors.add(near);
                minors.add(-near);
            }
        }
        final Random random = new Random(20_261_123);
        for (int i = 0; i < 50; i++) {
            minors.add(random.nextLong());
            minors.add((long) random.nextInt());
        }
        return minors;
    }
}
