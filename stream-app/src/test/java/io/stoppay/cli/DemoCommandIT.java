package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stoppay demo}, briefly, as a person runs it: the loop closes (a simulated bank and centres
 * answer, a confirmed fraud is listed) and the summary ends with the statistics StopPay published.
 */
class DemoCommandIT {

    private static final Pattern DECIDED = Pattern.compile("^\\[statistics] \\S+ region \\d{6}: decided=(\\d+) ");

    @Test
    void shouldPrintOutcomesAndEndWithTheStatisticsOfEveryDecision(@TempDir final Path dataDir) {
        // When
        final CliRun run = CliRun.of("demo", "--duration", "2s", "--rate", "100", "--data-dir", dataDir.toString(),
                "--http-port", "0");

        // Then
        assertThat(run.exitCode()).isZero();
        final List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(line -> line.startsWith("[bank outcome] "))
                .anyMatch(line -> line.startsWith("[police outcome] "))
                .anyMatch(line -> line.matches("^\\[summary] .* STOP_PAYMENT=[1-9].* outcomes=[1-9].*"));
        final long decided = lines.stream().map(DECIDED::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        final Matcher summary = Pattern.compile("^\\[summary] .* decided=(\\d+) ").matcher(
                lines.stream().filter(line -> line.startsWith("[summary] ")).findFirst().orElseThrow());
        assertThat(summary.find()).isTrue();
        assertThat(decided).isPositive().isEqualTo(Long.parseLong(summary.group(1)));
    }
}
