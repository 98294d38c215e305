package io.stoppay.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 45s}, {@code 10m}, {@code 2h}, {@code 1d} or an ISO-8601 duration. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(final String text) {
        final String upper = text.trim().toUpperCase(Locale.ROOT);
        try {
            final Duration duration = upper.startsWith("P") ? Duration.parse(upper)
                    : upper.endsWith("D") ? Duration.parse("P" + upper) : Duration.parse("PT" + upper);
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + text + "' is not a positive duration");
            }
            return duration;
        } catch (final DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration such as 45s, 10m or 2h");
        }
    }
}
