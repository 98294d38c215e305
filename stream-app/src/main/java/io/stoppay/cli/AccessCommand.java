package io.stoppay.cli;

import io.stoppay.access.Access;
import io.stoppay.access.AccessFile;
import io.stoppay.access.InvalidAccessFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stoppay access new-token|check}: tokens for the access file, and checking a file before
 * it is deployed. Nothing here contacts a cluster.
 */
@Command(name = "access", mixinStandardHelpOptions = true,
        description = "Tokens and the access file of the HTTP API: queries, console, statistics, audit, list admin.",
        subcommands = {AccessCommand.NewToken.class, AccessCommand.Check.class})
final class AccessCommand {

    @Command(name = "new-token", mixinStandardHelpOptions = true,
            description = "Prints a new random token (give it to the principal) and its SHA-256 (put it in the access file).")
    static final class NewToken implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            final String token = Access.newToken();
            final PrintWriter out = spec.commandLine().getOut();
            out.println("token:        " + token);
            out.println("token-sha256: " + Access.sha256Hex(token));
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validates an access file as StopPay does at start: exit 0 and a count, or one line naming what is wrong and exit 2.")
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The access file (YAML).")
        Path file;

        @Override
        public Integer call() throws Exception {
            final AccessFile access;
            try {
                access = AccessFile.parse(AccessFile.read(file));
            } catch (final InvalidAccessFileException e) {
                throw new InvalidAccessFileException("access file " + file + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println(file + ": " + access.size() + " principal(s), valid");
            return 0;
        }
    }
}
