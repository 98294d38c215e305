package io.stoppay.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;

/**
 * One run of {@link StopPayCli#execute} with what it wrote to stdout and stderr. The CLI builds its
 * own picocli {@code CommandLine} on {@code System.out}/{@code System.err}, so both are swapped for
 * the duration of the run and always restored.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(final String... args) {
        final Charset charset = Charset.defaultCharset();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final int exitCode;
        try (PrintStream capturedOut = new PrintStream(out, true, charset);
             PrintStream capturedErr = new PrintStream(err, true, charset)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            exitCode = StopPayCli.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new CliRun(exitCode, out.toString(charset), err.toString(charset));
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
