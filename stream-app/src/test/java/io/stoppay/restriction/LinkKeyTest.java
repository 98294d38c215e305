package io.stoppay.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.LinkKind;
import stoppay.v1.Linkage;
import stoppay.v1.SubjectType;

/** {@code aType:aId|bType:bId}, the key of a linkage and of its tombstone. */
class LinkKeyTest {

    private static final SubjectKey ACCOUNT = new SubjectKey(SubjectType.ACCOUNT, "6222021234567891234");
    private static final SubjectKey PHONE = new SubjectKey(SubjectType.PHONE, "13812345678");

    @Test
    void shouldParseBothSidesOfALinkageKey() {
        // When
        final Optional<LinkKey> key = LinkKey.parse("ACCOUNT:6222021234567891234|PHONE:13812345678");

        // Then
        assertThat(key).contains(new LinkKey(ACCOUNT, PHONE));
    }

    @Test
    void shouldParseBackAKeyWrittenFromItsTwoSides() {
        // Given
        final LinkKey original = new LinkKey(new SubjectKey(SubjectType.DEVICE, "dev-7"), ACCOUNT);

        // When
        final Optional<LinkKey> parsed = LinkKey.parse(original.a() + "|" + original.b());

        // Then
        assertThat(parsed).contains(original);
    }

    @Test
    void shouldParseASideWhoseIdContainsColons() {
        // When
        final Optional<LinkKey> key = LinkKey.parse("IP:2001:db8::1|DEVICE:dev-7");

        // Then
        assertThat(key).hasValueSatisfying(link -> {
            assertThat(link.a()).isEqualTo(new SubjectKey(SubjectType.IP, "2001:db8::1"));
            assertThat(link.b()).isEqualTo(new SubjectKey(SubjectType.DEVICE, "dev-7"));
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "ACCOUNT:1", "ACCOUNT:1PHONE:2", "ACCOUNT:1|", "|PHONE:2", "ACCOUNT:|PHONE:2",
        ":1|PHONE:2", "NOPE:1|PHONE:2", "ACCOUNT:1|NOPE:2", "|"})
    void shouldNotParseAKeyThatIsNotTwoSubjectsSeparatedByABar(final String text) {
        // When
        final Optional<LinkKey> key = LinkKey.parse(text);

        // Then
        assertThat(key).isEmpty();
    }

    @Test
    void shouldBeTheSameLinkWrittenEitherWayRound() {
        // Given
        final LinkKey forward = new LinkKey(ACCOUNT, PHONE);
        final LinkKey backward = new LinkKey(PHONE, ACCOUNT);

        // Then
        assertThat(forward.sameLinkAs(backward)).isTrue();
        assertThat(backward.sameLinkAs(forward)).isTrue();
        assertThat(forward.sameLinkAs(forward)).isTrue();
        assertThat(forward).isNotEqualTo(backward);
    }

    @Test
    void shouldNotBeTheSameLinkWhenOneSideDiffers() {
        // Given
        final LinkKey link = new LinkKey(ACCOUNT, PHONE);
        final LinkKey other = new LinkKey(ACCOUNT, new SubjectKey(SubjectType.PHONE, "13900000000"));
        final LinkKey otherType = new LinkKey(new SubjectKey(SubjectType.CARD, ACCOUNT.id()), PHONE);

        // Then
        assertThat(link.sameLinkAs(other)).isFalse();
        assertThat(other.sameLinkAs(link)).isFalse();
        assertThat(link.sameLinkAs(otherType)).isFalse();
        assertThat(otherType.sameLinkAs(link)).isFalse();
    }

    @Test
    void shouldNotMistakeTwoLinksSharingOneSubjectForTheSameLink() {
        // Given: A-B against B-B' (both contain B, but they are different pairs)
        final LinkKey aToB = new LinkKey(ACCOUNT, PHONE);
        final LinkKey bToB = new LinkKey(PHONE, PHONE);

        // Then
        assertThat(aToB.sameLinkAs(bToB)).isFalse();
        assertThat(bToB.sameLinkAs(aToB)).isFalse();
    }

    @Test
    void shouldTakeTheSidesOfALinkageRecordInCanonicalForm() {
        // Given
        final Linkage linkage = Linkage.newBuilder()
                .setAType(SubjectType.PHONE).setAId("+86 138 1234 5678")
                .setBType(SubjectType.ACCOUNT).setBId(ACCOUNT.id())
                .setKind(LinkKind.HOLDER_PHONE)
                .setSource("bank-kyc")
                .setLinkedAt(Instant.parse("2026-03-01T08:00:00Z"))
                .build();

        // When
        final LinkKey key = LinkKey.of(linkage);

        // Then
        assertThat(key).isEqualTo(new LinkKey(new SubjectKey(SubjectType.PHONE, "+8613812345678"), ACCOUNT));
        assertThat(key.sameLinkAs(LinkKey.parse("ACCOUNT:" + ACCOUNT.id() + "|PHONE:" + PHONE.id()).orElseThrow()
                .canonical())).isTrue();
    }
}
