package io.stoppay.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import stoppay.v1.SubjectType;

/** {@link Mask#subject}: each kind of list or linkage subject is masked the way it is recognised. */
class MaskSubjectTest {

    @Test
    void shouldMaskAnAccountSubjectLikeACardNumber() {
        // When
        final String masked = Mask.subject(SubjectType.ACCOUNT, "6222021234567891234");

        // Then
        assertThat(masked).isEqualTo("6222…1234");
    }

    @Test
    void shouldMaskACardSubjectToItsFirstAndLastFourDigits() {
        // When
        final String masked = Mask.subject(SubjectType.CARD, "4111111111111111");

        // Then
        assertThat(masked).isEqualTo("4111…1111");
    }

    @Test
    void shouldMaskAPhoneSubjectToItsPrefixAndLastFourDigits() {
        // When
        final String masked = Mask.subject(SubjectType.PHONE, "13812345678");

        // Then
        assertThat(masked).isEqualTo("138****5678");
    }

    @Test
    void shouldHideTheLastTwoOctetsOfAnIpv4Address() {
        // When
        final String masked = Mask.subject(SubjectType.IP, "203.0.113.7");

        // Then
        assertThat(masked).isEqualTo("203.0.*.*").doesNotContain("113");
    }

    @Test
    void shouldKeepOnlyTheFirstFourCharactersOfAnIpv6Address() {
        // When
        final String masked = Mask.subject(SubjectType.IP, "2001:db8:85a3::8a2e:370:7334");

        // Then
        assertThat(masked).isEqualTo("2001…").doesNotContain("7334");
    }

    @Test
    void shouldNotRevealTheIpv4PartOfAnIpv4MappedIpv6Address() {
        // When
        final String masked = Mask.subject(SubjectType.IP, "::ffff:203.0.113.7");

        // Then
        assertThat(masked).doesNotContain("113").doesNotContain(".7");
    }

    @Test
    void shouldKeepOnlyTheFirstFourCharactersOfADeviceId() {
        // When
        final String masked = Mask.subject(SubjectType.DEVICE, "a1b2c3d4-e5f6-7890-abcd-ef0123456789");

        // Then
        assertThat(masked).isEqualTo("a1b2…");
    }

    @Test
    void shouldKeepOnlyTheFirstFourCharactersOfAnIdNumberHash() {
        // Given
        final String idHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        // When
        final String masked = Mask.subject(SubjectType.ID_NUMBER, idHash);

        // Then
        assertThat(masked).isEqualTo("9f86…");
    }

    @Test
    void shouldHideAShortDeviceIdEntirely() {
        // When
        final String masked = Mask.subject(SubjectType.DEVICE, "abcd");

        // Then
        assertThat(masked).isEqualTo("…");
    }

    @Test
    void shouldShowAMerchantIdUnmaskedBecauseItIsNotPersonalData() {
        // When
        final String masked = Mask.subject(SubjectType.MERCHANT, "MCH-8800123");

        // Then
        assertThat(masked).isEqualTo("MCH-8800123");
    }

    @ParameterizedTest
    @EnumSource(SubjectType.class)
    void shouldShowADashForAMissingIdOfAnyType(final SubjectType type) {
        // When
        final String masked = Mask.subject(type, null);

        // Then
        assertThat(masked).isEqualTo("-");
    }
}
