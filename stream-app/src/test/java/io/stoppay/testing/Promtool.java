package io.stoppay.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own {@code promtool}, the real parser and linter of the text exposition format.
 * It is not a Maven artifact: {@code .ci/run} installs it (Debian package {@code prometheus}) and
 * sets the environment variable {@value #REQUIRED_ENV}=true (or pass -D{@value #REQUIRED_PROPERTY}=true),
 * so CI fails without it; on a developer machine without it the test is skipped, saying so.
 */
public final class Promtool {

    public static final String REQUIRED_PROPERTY = "stoppay.promtool.required";
    public static final String REQUIRED_ENV = "CI_REQUIRE_PROMTOOL";
    /** promtool's exit code when the input parsed but some names break the conventions. */
    public static final int LINT_PROBLEMS = 3;

    /** What promtool said of an input: exit code and everything it printed. */
    public record Verdict(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** {@code promtool check metrics} on {@code exposition} (read from stdin, as it reads a scrape). */
    public static Verdict checkMetrics(final String exposition) throws IOException, InterruptedException {
        final Path input = Files.createTempFile("scrape", ".prom");
        try {
            Files.writeString(input, exposition, StandardCharsets.UTF_8);
            return run(new ProcessBuilder(find().toString(), "check", "metrics").redirectInput(input.toFile()));
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** {@code promtool args...} run in {@code dir} (rule files name each other relative to it). */
    public static Verdict run(final Path dir, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(find().toString());
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command).directory(dir.toFile()));
    }

    private static Verdict run(final ProcessBuilder builder) throws IOException, InterruptedException {
        final Process process = builder.redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish within 60 s");
        }
        return new Verdict(process.exitValue(), output);
    }

    private static Path find() {
        return RequiredProgram.find("promtool", REQUIRED_PROPERTY, REQUIRED_ENV, "the Debian package prometheus");
    }
}
