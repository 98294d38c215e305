package io.stoppay.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs that is not a Maven artifact (promtool, chromium): found on the PATH. CI
 * installs it and requires it, so there a missing one fails the test; on a developer machine the
 * test is skipped, saying what to install.
 */
final class RequiredProgram {

    private RequiredProgram() {
    }

    /**
     * @param program          the executable's name
     * @param requiredProperty a system property that, set to true, makes it required
     * @param requiredEnv      an environment variable that does the same (CI sets it)
     * @param install          what provides it, for the message: "the Debian package prometheus"
     */
    static Path find(final String program, final String requiredProperty, final String requiredEnv,
                     final String install) {
        final Optional<Path> found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            if (Boolean.getBoolean(requiredProperty) || Boolean.parseBoolean(System.getenv(requiredEnv))) {
                fail(program + " is required (" + requiredProperty + "=true) but not on the PATH; install " + install);
            }
            Assumptions.abort(program + " not on the PATH: install " + install + " to run this check");
        }
        return found.get();
    }
}
