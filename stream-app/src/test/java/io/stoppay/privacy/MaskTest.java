package io.stoppay.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** What a log line, an evidence text or a police feed may show of a card, a phone or a name. */
class MaskTest {

    @Test
    void shouldMaskANineteenDigitCardToItsFirstAndLastFourDigits() {
        // Given
        final String card = "6222021234567891234";

        // When
        final String masked = Mask.cardOrAccount(card);

        // Then
        assertThat(masked).isEqualTo("6222…1234");
    }

    @Test
    void shouldKeepOnlyTheLastFourDigitsOfAShortAccountNumber() {
        // Given
        final String account = "98765432";

        // When
        final String masked = Mask.cardOrAccount(account);

        // Then
        assertThat(masked).isEqualTo("…5432").doesNotContain("9876");
    }

    @Test
    void shouldHideAnAccountNumberOfFourDigitsOrFewerEntirely() {
        // Given
        final String tiny = "1234";

        // When
        final String masked = Mask.cardOrAccount(tiny);

        // Then
        assertThat(masked).isEqualTo("****");
    }

    @Test
    void shouldMaskAPhoneToItsPrefixAndLastFourDigits() {
        // Given
        final String phone = "13812345678";

        // When
        final String masked = Mask.phone(phone);

        // Then
        assertThat(masked).isEqualTo("138****5678").doesNotContain("1234");
    }

    @Test
    void shouldMaskAMainlandPhoneInE164AsItsNationalNumber() {
        assertThat(Mask.phone("+8613912345678")).isEqualTo("139****5678");
        assertThat(Mask.phone("+447911123456")).as("another country keeps its code").isEqualTo("+44****3456");
    }

    @Test
    void shouldKeepOnlyTheLastTwoDigitsOfAShortPhone() {
        // Given
        final String landlineExtension = "88886666";

        // When
        final String masked = Mask.phone(landlineExtension);

        // Then
        assertThat(masked).isEqualTo("****66");
    }

    @Test
    void shouldHideAPhoneOfFourDigitsOrFewerEntirely() {
        // Given
        final String shortCode = "110";

        // When
        final String masked = Mask.phone(shortCode);

        // Then
        assertThat(masked).isEqualTo("****");
    }

    @Test
    void shouldKeepOnlyTheFirstCharacterOfAChineseName() {
        // Given
        final String name = "王小明";

        // When
        final String masked = Mask.name(name);

        // Then
        assertThat(masked).isEqualTo("王*").doesNotContain("小").doesNotContain("明");
    }

    @Test
    void shouldKeepOnlyTheFirstLetterOfALatinName() {
        // Given
        final String name = "Alice Smith";

        // When
        final String masked = Mask.name(name);

        // Then
        assertThat(masked).isEqualTo("A*");
    }

    @Test
    void shouldKeepAWholeSupplementaryCharacterRatherThanHalfASurrogatePair() {
        // Given: 𠀀 (U+20000) is one character but two UTF-16 code units
        final String name = "\uD840\uDC00小明";

        // When
        final String masked = Mask.name(name);

        // Then
        assertThat(masked).isEqualTo("\uD840\uDC00*");
        assertThat(masked.codePointCount(0, masked.length())).isEqualTo(2);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void shouldShowADashForAMissingName(final String name) {
        // When
        final String masked = Mask.name(name);

        // Then
        assertThat(masked).isEqualTo("-");
    }
}
