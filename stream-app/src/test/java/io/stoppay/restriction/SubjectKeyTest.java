package io.stoppay.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.SubjectType;

/** {@code TYPE:id}, the key of a list entry and of each side of a linkage. */
class SubjectKeyTest {

    @Test
    void shouldParseATypeAndAnId() {
        // When
        final Optional<SubjectKey> key = SubjectKey.parse("ACCOUNT:6222021234567891234");

        // Then
        assertThat(key).contains(new SubjectKey(SubjectType.ACCOUNT, "6222021234567891234"));
    }

    @ParameterizedTest
    @EnumSource(SubjectType.class)
    void shouldFormatAndParseBackEveryType(final SubjectType type) {
        // Given
        final SubjectKey original = new SubjectKey(type, "id-42");

        // When
        final String text = original.toString();

        // Then
        assertThat(text).isEqualTo(type.name() + ":id-42");
        assertThat(SubjectKey.parse(text)).contains(original);
    }

    @Test
    void shouldKeepEveryColonAfterTheFirstInTheIdOfAnIpv6Address() {
        // When
        final Optional<SubjectKey> key = SubjectKey.parse("IP:2001:db8::1");

        // Then
        assertThat(key).hasValueSatisfying(subject -> {
            assertThat(subject.type()).isEqualTo(SubjectType.IP);
            assertThat(subject.id()).isEqualTo("2001:db8::1");
        });
        assertThat(key.map(SubjectKey::toString)).contains("IP:2001:db8::1");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ACCOUNT:", ":x", "NOPE:1", "account:1", "ACCOUNT", "6222021234567891234"})
    void shouldNotParseTextThatIsNotTypeColonId(final String text) {
        // When
        final Optional<SubjectKey> key = SubjectKey.parse(text);

        // Then
        assertThat(key).isEmpty();
    }

    @Test
    void shouldNotParseABlankIdRatherThanFailing() {
        // Given: a key the constructor would reject, as it may arrive on risk.lists.v1
        final String text = "ACCOUNT: ";

        // When
        final Optional<SubjectKey> key = SubjectKey.parse(text);

        // Then
        assertThat(key).isEmpty();
    }

    @Test
    void shouldRefuseToBuildASubjectWithoutATypeOrWithABlankId() {
        // Then
        assertThatIllegalArgumentException().isThrownBy(() -> new SubjectKey(null, "1"));
        assertThatIllegalArgumentException().isThrownBy(() -> new SubjectKey(SubjectType.CARD, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new SubjectKey(SubjectType.CARD, " "));
    }

    @Test
    void shouldOrderSubjectsByTheirKeyText() {
        // Given
        final SubjectKey account = new SubjectKey(SubjectType.ACCOUNT, "9");
        final SubjectKey card = new SubjectKey(SubjectType.CARD, "1");

        // Then
        assertThat(account).isLessThan(card);
        assertThat(account.compareTo(new SubjectKey(SubjectType.ACCOUNT, "9"))).isZero();
    }
}
