package io.stoppay.identifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import stoppay.v1.SubjectType;

class CanonicalIdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"13912345678", "+86 139 1234 5678", "+8613912345678", "139-1234-5678",
            "0086 139 1234 5678", "0086-139-1234-5678", "139 1234 5678", " 13912345678 ", "(+86) 139 1234 5678",
            "＋８６ １３９ １２３４ ５６７８", "+86-139-1234-5678", "+86 (139) 1234-5678", "tel:+86-139-1234-5678",
            "TEL:+8613912345678;ext=8", "13912345678#", "13912345678#1", "139-1234-5678 转 8", "139 1234 5678 分机 123",
            "+86 139 1234 5678 ext. 12", "+86 139 1234 5678 EXT 12"})
    void shouldWriteAChineseMobileHoweverItWasWrittenAsOneE164Number(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, written)).isEqualTo("+8613912345678");
    }

    @ParameterizedTest
    @CsvSource({"1064812345678, +861064812345678", "+86 1064 8123 45678, +861064812345678",
            "0086-1440-1234-56789, +861440123456789", "1460123456789, +861460123456789",
            "８６１４８１２３４５６７８９０, +861481234567890"})
    void shouldReadAMainlandIotNumberOfThirteenDigits(final String written, final String canonical) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, written)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1391234567890", "106481234567", "10648123456789", "1064-8123-4567 8 9", "+852 1064812345678",
            "1064812345678x", "+1 440 123 456 789", "+1440123456789", "+1-440-123-4567 89"})
    void shouldNotTakeOtherThirteenDigitNumbersForIotNumbers(final String bad) {
        assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.PHONE, bad))
                .isInstanceOf(UnreadableIdentifierException.class);
    }

    @Test
    void shouldKeepTheAreaCodeOfALandline() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, "010-6552 9988")).isEqualTo("+861065529988");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, "+86 10 6552 9988")).isEqualTo("+861065529988");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+852 6123 4567", "+853 6612 3456", "+886 912 345 678", "+60 12-345 6789",
            "+1 (650) 253-0000", "00852 6123 4567"})
    void shouldKeepAForeignNumberInItsOwnCountrySoItNeverMatchesAChineseMobile(final String foreign) {
        final String canonical = CanonicalIdentifiers.canonical(SubjectType.PHONE, foreign);
        assertThat(canonical).startsWith("+").doesNotStartWith("+86");
        // The digits after a naively stripped country code must not make it a Chinese number.
        final String naive = canonical.substring(canonical.length() - 11);
        if (naive.startsWith("1")) {
            assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, naive)).isNotEqualTo(canonical);
        }
    }

    @ParameterizedTest
    @CsvSource({"+1 650 253 0000, 16502530000", "+852 6123 4567, 6123 4567", "+886 912 345 678, 912345678",
            "+853 6612 3456, 6612 3456"})
    void shouldNeverMatchAForeignNumberWithItsDigitsWithoutTheCountryCode(final String foreign, final String naive) {
        // +1 650 253 0000 stripped naively is 165 0253 0000, a Chinese mobile's shape; the others are nobody's.
        final String canonical = CanonicalIdentifiers.canonical(SubjectType.PHONE, foreign);
        try {
            assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, naive)).isNotEqualTo(canonical);
        } catch (final UnreadableIdentifierException unreadable) {
            assertThat(unreadable).hasMessageStartingWith("PHONE identifier ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Q", "xyz-abc", "12", "+86", "139123456789012345", "++86 139", "139123456789",
            "12345678", "1 415 555 2671"})
    void shouldRefuseWhatIsNotAPhoneNumberWithoutRepeatingIt(final String bad) {
        assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.PHONE, bad))
                .isInstanceOf(UnreadableIdentifierException.class)
                .hasMessageStartingWith("PHONE identifier ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"139ABCD5678", "139CALL6666", "1391234567A", "tel:139ABCD5678", "13912345678 转 A",
            "+86 139 1234 5678 (mobile)"})
    void shouldRefuseAPhoneWithLettersRatherThanDialThemOnAKeypad(final String lettered) {
        // libphonenumber alone would read 139ABCD5678 as 139 2223 5678: another subscriber.
        assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.PHONE, lettered))
                .isInstanceOf(UnreadableIdentifierException.class).hasMessageContaining("letters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"139\u20091234\u20095678", "139\u202F1234\u202F5678", "139\u20021234\u20025678",
            "+86\u2009139 1234 5678", "\u200B13912345678\uFEFF", "139\u00A01234\u00A05678"})
    void shouldReadAPhoneWrittenWithAnyUnicodeBlank(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, written)).isEqualTo("+8613912345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0A1", "A1\u00A0", "\u2007A1", "\u202FA1\u202F", "\u200BA1", "\uFEFFA1", "\u3000A1\t"})
    void shouldTrimInvisibleBlanksFromAnyId(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, written)).isEqualTo("A1");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.DEVICE, written)).isEqualTo("A1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", "\u00A0\u200B "})
    void shouldRefuseAnIdOfInvisibleBlanksOnly(final String blanks) {
        assertThat(CanonicalIdentifiers.isBlank(blanks)).isTrue();
        for (final SubjectType type : SubjectType.values()) {
            assertThatThrownBy(() -> CanonicalIdentifiers.canonical(type, blanks))
                    .isInstanceOf(UnreadableIdentifierException.class).hasMessageContaining("blank");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"6228480012345678", "6228 4800 1234 5678", "6228-4800-1234-5678", " 6228480012345678",
            "６２２８４８００１２３４５６７８", "6228\u00a04800\u20131234\u20145678", "6228\u30004800 1234 5678", "6228.4800.1234.5678",
            "6228\u20094800\u20091234\u20095678"})
    void shouldWriteACardNumberAsItsDigits(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.CARD, written)).isEqualTo("6228480012345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C1", "6228 4800 1234 567X", "12345678901", "12345678901234567890", "6228/4800/1234/5678",
            "6228_4800_1234_5678"})
    void shouldRefuseWhatIsNotACardNumber(final String bad) {
        assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.CARD, bad))
                .isInstanceOf(UnreadableIdentifierException.class)
                .hasMessageStartingWith("CARD identifier ");
    }

    @Test
    void shouldAcceptTheShortestAndLongestCardNumbers() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.CARD, "5018 0000 0009")).isEqualTo("501800000009");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.CARD, "6228 4800 1234 5678 901")).isEqualTo("6228480012345678901");
    }

    @ParameterizedTest
    @ValueSource(strings = {"  6222 0001 ", "6222\u200B0001", "6222\u00A00001", "62 22\t00\u3000\u202F01", "\uFEFF6222\u200D0001"})
    void shouldDropEveryBlankFromAnAccountIdInsideToo(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, written)).isEqualTo("62220001");
        assertThat(CanonicalIdentifiers.accountId(written)).isEqualTo("62220001");
    }

    /** A Chinese input method types full-width forms: the same account as its ASCII writing. */
    @ParameterizedTest
    @ValueSource(strings = {"６２２２０２０２００１１", "６２２２ ０２０２\u3000００１１", "6222０２０２0011"})
    void shouldReadAnAccountIdsFullWidthDigitsAsDigits(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, written)).isEqualTo("622202020011");
        assertThat(CanonicalIdentifiers.accountId(written)).isEqualTo("622202020011");
    }

    @Test
    void shouldReadAnAccountIdsFullWidthLettersAndMarksButKeepTheirCase() {
        assertThat(CanonicalIdentifiers.accountId("ＡＣＣ－ｂ１．２")).isEqualTo("ACC-b1.2");
        assertThat(CanonicalIdentifiers.accountId("acc-ab12")).isNotEqualTo(CanonicalIdentifiers.accountId("ACC-AB12"));
    }

    @Test
    void shouldKeepAnAccountIdsDashesDotsAndLettersThatMayTellTwoAccountsApart() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, "\u3000A C-1.2\t")).isEqualTo("AC-1.2");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, "ACC-1"))
                .isNotEqualTo(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, "ACC1"));
    }

    @Test
    void shouldTrimOtherIdentifiersButKeepTheirInsides() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ID_NUMBER, "  3206 23 ")).isEqualTo("3206 23");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.IP, " 10.0.0.1 ")).isEqualTo("10.0.0.1");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.DEVICE, "Device-X")).isEqualTo("Device-X");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev1\u0000zzz", "dev1\nINJECT", "A\u0007B", "6228\u00004800"})
    void shouldRefuseAnIdentifierWithAControlCharacterInsideIt(final String id) {
        for (final SubjectType type : SubjectType.values()) {
            assertThatThrownBy(() -> CanonicalIdentifiers.canonical(type, id))
                    .isInstanceOf(UnreadableIdentifierException.class).hasMessageContaining("control character");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u3000"})
    void shouldRefuseABlankIdentifierOfAnyType(final String blank) {
        for (final SubjectType type : SubjectType.values()) {
            assertThatThrownBy(() -> CanonicalIdentifiers.canonical(type, blank))
                    .isInstanceOf(UnreadableIdentifierException.class).hasMessageContaining("blank");
        }
        assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, null))
                .isInstanceOf(UnreadableIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+86 139 1234 5678", "010-6552 9988", "+852 6123 4567"})
    void shouldLeaveACanonicalPhoneAsItIs(final String written) {
        final String canonical = CanonicalIdentifiers.canonical(SubjectType.PHONE, written);
        assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, canonical)).isEqualTo(canonical);
    }

    @Test
    void shouldLeaveACanonicalCardOrAccountAsItIs() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.CARD, "6228480012345678")).isEqualTo("6228480012345678");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.ACCOUNT, "A1")).isEqualTo("A1");
    }

    /** Numbers are remembered as read (a payment looks both phones up): a second reading must read alike. */
    @Test
    void shouldReadANumberAlikeTheSecondTimeReadableOrNot() {
        for (int reading = 0; reading < 2; reading++) {
            assertThat(CanonicalIdentifiers.canonical(SubjectType.PHONE, "+86 139 8765 4321")).isEqualTo("+8613987654321");
            assertThatThrownBy(() -> CanonicalIdentifiers.canonical(SubjectType.PHONE, "139ABCD5678"))
                    .isInstanceOf(UnreadableIdentifierException.class)
                    .hasMessage("PHONE identifier has letters")
                    .extracting(e -> ((UnreadableIdentifierException) e).type()).isEqualTo(SubjectType.PHONE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8:a1::1", "2001:DB8:a1::1", "2001:0db8:00a1:0000:0000:0000:0000:0001",
            "2001:db8:a1:0:0:0:0:1", " 2001:db8:A1::1 "})
    void shouldWriteAnIpv6AddressHoweverItWasWrittenInOneForm(final String written) {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.IP, written)).isEqualTo("2001:db8:a1::1");
    }

    @Test
    void shouldReadAnIpv4MappedAddressAsItsIpv4AddressAndKeepWhatIsNoIpLiteral() {
        assertThat(CanonicalIdentifiers.canonical(SubjectType.IP, "::ffff:100.64.5.9")).isEqualTo("100.64.5.9");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.IP, "100.64.5.9")).isEqualTo("100.64.5.9");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.IP, "gateway-7.example")).isEqualTo("gateway-7.example");
        assertThat(CanonicalIdentifiers.canonical(SubjectType.DEVICE, "DEV-K1")).as("a device id is opaque")
                .isEqualTo("DEV-K1");
    }
}
