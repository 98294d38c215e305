package io.stoppay.identifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BankCodeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "0102|0102", "' 0102 '|0102", "ICBC|ICBC", "B-4|B-4", "102100099996|102100099996",
            "NONE|NONE", "'   '|NONE", "bank 0102|NONE", "'0102\u202e'|NONE", "'01\n02'|NONE",
            "<b>0102</b>|NONE", "012345678901234567890123456789012|NONE"})
    void shouldKeepOnlyACode(final String named, final String kept) {
        assertThat(BankCode.of(named)).as("kept of %s", named).isEqualTo(kept);
    }
}
