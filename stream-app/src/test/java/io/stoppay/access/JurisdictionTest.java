package io.stoppay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JurisdictionTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "320623,320623,true", "320623,320624,false",
            "320600,320623,true", "320600,320600,true", "320600,320723,false",
            "320000,320623,true", "320000,330106,false",
            "000000,510104,true", "510104,000000,false"})
    void shouldLetACentreActForItsRegionAndTheRegionsBelowIt(final String centre, final String region,
                                                             final boolean covered) {
        assertThat(Jurisdiction.covers(centre, region)).isEqualTo(covered);
        assertThat(new Principal("officer", Set.of(Role.OFFICER), Set.of(centre), Set.of()).seesRegion(region))
                .isEqualTo(covered);
    }
}
