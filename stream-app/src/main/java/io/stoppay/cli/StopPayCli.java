package io.stoppay.cli;

import io.stoppay.access.InvalidAccessFileException;
import io.stoppay.admin.InvalidListRequestException;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
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

    /** What a Kafka client that cannot be built with the kafka.* settings is reported as. */
    static final String KAFKA_SETTINGS_REFUSED = "kafka.*: a Kafka client cannot be built with these settings; check "
            + "kafka.security.protocol, kafka.sasl.* and kafka.ssl.* (their values are not shown)";

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
            if (error instanceof KafkaException && String.valueOf(error.getMessage()).startsWith("Failed to create new Kafka")) {
                // A client that cannot even be built is refused by its settings (a JAAS line that does not
                // parse, a key store its password does not open). Kafka's causes may quote what they read,
                // so only the cause's kind is named.
                err.println(oneLine(KAFKA_SETTINGS_REFUSED + " (" + rootCause(error).getClass().getSimpleName() + ")"));
                return USAGE_ERROR;
            }
            err.println(oneLine(error.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    private static Throwable rootCause(final Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
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
