package io.stoppay.cli;

import io.stoppay.access.InvalidAccessFileException;
import io.stoppay.admin.InvalidListRequestException;
import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stoppay} command line: {@code run} against a configured cluster, {@code demo} on an
 * embedded broker, {@code lists} to change the high-risk lists, {@code backfill} to load past payments, {@code access} for tokens and the access file. A wrong flag or configuration value is one line on stderr and exit code 2.
 */
@Command(name = "stoppay", mixinStandardHelpOptions = true, version = "StopPay 0.1.0",
        description = "Real-time payment risk interception on Kafka Streams.",
        subcommands = {RunCommand.class, DemoCommand.class, ListsCommand.class, BackfillCommand.class,
                AccessCommand.class})
public final class StopPayCli {

    static final int USAGE_ERROR = 2;

    public static void main(final String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int execute(final String... args) {
        final CommandLine cli = new CommandLine(new StopPayCli());
        cli.setParameterExceptionHandler((error, arguments) -> {
            error.getCommandLine().getErr().println(oneLine(error.getMessage()) + " (see --help)");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            final PrintWriter err = commandLine.getErr();
            if (error instanceof ConfigException || error instanceof UsageException
                    || error instanceof InvalidListRequestException || error instanceof InvalidAccessFileException) {
                err.println(oneLine(error.getMessage()));
                return USAGE_ERROR;
            }
            err.println(oneLine(error.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    /** Errors are one line, even when a bad value carries a line break. */
    private static String oneLine(final String message) {
        return "stoppay: " + String.valueOf(message).replaceAll("\\R", " ");
    }

    /** A wrong input detected while running a command, reported like a bad flag. */
    static final class UsageException extends RuntimeException {
        UsageException(final String message) {
            super(message, null, false, false);
        }
    }
}
