package io.stoppay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flags of the {@code stoppay} command line: help is exit 0, a wrong flag is one line and exit 2. */
class StopPayCliTest {

    @Test
    void shouldPrintHelpAndSucceed() {
        // When
        final CliRun run = CliRun.of("--help");

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("run").contains("demo");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldDescribeTheDurationFlagInTheDemoHelp() {
        // When
        final CliRun run = CliRun.of("demo", "--help");

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--duration").contains("--rate");
    }

    @Test
    void shouldPrintTheVersionAndSucceed() {
        // When
        final CliRun run = CliRun.of("--version");

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("StopPay");
    }

    @Test
    void shouldRejectAnUnknownFlagWithOneLineAndExitCodeTwo() {
        // When
        final CliRun run = CliRun.of("--frobnicate");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("--frobnicate");
    }

    @Test
    void shouldRejectAnUnknownSubcommandWithOneLineAndExitCodeTwo() {
        // When
        final CliRun run = CliRun.of("launch");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("launch");
    }

    @Test
    void shouldRejectAMissingSubcommandWithOneLineAndExitCodeTwo() {
        // When
        final CliRun run = CliRun.of();

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("stoppay: ");
    }

    @Test
    void shouldRejectADemoRateOfZeroWithOneLineAndExitCodeTwo() {
        // When
        final CliRun run = CliRun.of("demo", "--rate", "0");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("--rate");
    }

    @Test
    void shouldRejectADemoDurationThatIsNotADurationWithOneLineAndExitCodeTwo() {
        // When
        final CliRun run = CliRun.of("demo", "--duration", "banana");

        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("stoppay: ").contains("--duration").contains("banana");
    }
}
