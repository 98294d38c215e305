package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code --duration}: 45s, 10m, 2h, 1d or ISO-8601, and always positive. */
class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "45s, PT45S",
        "10m, PT10M",
        "2h, PT2H",
        "1d, PT24H",
        "PT30S, PT30S",
        "pt30s, PT30S",
        "P1D, PT24H",
        "' 5m ', PT5M",
        "1.5s, PT1.5S",
    })
    void shouldReadAShortOrIsoDuration(final String text, final String expected) {
        // When
        final Duration duration = converter.convert(text);

        // Then
        assertThat(duration).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-5s", "PT0S", "PT-1M"})
    void shouldRejectADurationThatIsNotPositive(final String text) {
        // Then
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "", "45", "s", "10 m", "1d2h", "P1M"})
    void shouldRejectTextThatIsNotADuration(final String text) {
        // Then
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
