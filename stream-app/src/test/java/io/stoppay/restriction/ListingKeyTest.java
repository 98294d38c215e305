package io.stoppay.restriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import stoppay.v1.SubjectType;

class ListingKeyTest {

    @Test
    void shouldReadAV1KeyAsAListingWithoutASourceInItsKey() {
        final ListingKey key = ListingKey.parse("PHONE:139 1234 5678").orElseThrow();

        assertThat(key.subject()).isEqualTo(new SubjectKey(SubjectType.PHONE, "139 1234 5678"));
        assertThat(key.source()).isEmpty();
        assertThat(key.written()).isEqualTo("PHONE:139 1234 5678");
        assertThat(key.canonicalSubject()).isEqualTo(new SubjectKey(SubjectType.PHONE, "+8613912345678"));
    }

    @Test
    void shouldReadASourceKeyTrimmingTheSourceAndKeepingTheKeyAsWritten() {
        final ListingKey key = ListingKey.parse("CARD:6228-4800-1234-5678| unionpay ").orElseThrow();

        assertThat(key.source()).contains("unionpay");
        assertThat(key.written()).isEqualTo("CARD:6228-4800-1234-5678| unionpay ");
        assertThat(key.canonicalSubject().id()).isEqualTo("6228480012345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PHONE:13912345678|", "PHONE:13912345678| \u3000", "|bank", "PHONE|bank", "NOPE:1|bank", ""})
    void shouldRefuseAKeyWithoutASubjectOrWithABlankSource(final String key) {
        assertThat(ListingKey.parse(key)).isEmpty();
    }

    @Test
    void shouldReadAnIdHoldingTheBarByItsEntrysSource() {
        final SubjectKey withBar = new SubjectKey(SubjectType.DEVICE, "dev|1");

        final ListingKey v1 = ListingKey.parse("DEVICE:dev|1", withBar, "bank").orElseThrow();
        final ListingKey bySource = ListingKey.parse("DEVICE:dev|2|bank", new SubjectKey(SubjectType.DEVICE, "dev|2"),
                " bank ").orElseThrow();

        assertThat(v1.subject()).isEqualTo(withBar);
        assertThat(v1.source()).isEmpty();
        assertThat(bySource.subject()).isEqualTo(new SubjectKey(SubjectType.DEVICE, "dev|2"));
        assertThat(bySource.source()).contains("bank");
        assertThat(ListingKey.parse("DEVICE:dev|6", new SubjectKey(SubjectType.DEVICE, "dev|6"), "6").orElseThrow())
                .as("a source's reading must name the entry's subject too")
                .satisfies(key -> assertThat(key.source()).isEmpty());
        assertThat(ListingKey.parse("DEVICE:dev|2|bank").orElseThrow().subject().id())
                .as("without the entry, the source is after the last bar").isEqualTo("dev|2");
    }

    @Test
    void shouldOfferEveryReadingOfAKeyTheLastBarFirst() {
        assertThat(ListingKey.readings("DEVICE:a|b|c")).extracting(key -> key.subject().id(), ListingKey::source)
                .containsExactly(tuple("a|b", Optional.of("c")), tuple("a", Optional.of("b|c")),
                        tuple("a|b|c", Optional.empty()));
        assertThat(ListingKey.readings("PHONE|bank")).isEmpty();
    }

    @Test
    void shouldTellTheSameListingWrittenTwoWaysFromAnotherSourcesOrTheV1Key() {
        final ListingKey listing = ListingKey.parse("PHONE:+86 139 1234 5678|PSB").orElseThrow();

        assertThat(listing.sameListingAs(ListingKey.parse("PHONE:13912345678|PSB").orElseThrow())).isTrue();
        assertThat(listing.sameListingAs(ListingKey.parse("PHONE:13912345678|bank").orElseThrow())).isFalse();
        assertThat(listing.sameListingAs(ListingKey.parse("PHONE:13912345678").orElseThrow())).isFalse();
        assertThat(listing.sameListingAs(ListingKey.parse("PHONE:13912345679|PSB").orElseThrow())).isFalse();
    }

    @Test
    void shouldWriteToolsKeysInCanonicalForm() {
        final SubjectKey subject = SubjectKey.of(SubjectType.PHONE, "0086 139 1234 5678");

        assertThat(ListingKey.bySource(subject, " PSB-320600-antifraud-centre ").written())
                .isEqualTo("PHONE:+8613912345678|PSB-320600-antifraud-centre");
        assertThat(ListingKey.v1(subject)).isEqualTo(new ListingKey(subject, Optional.empty(), "PHONE:+8613912345678"));
    }
}
