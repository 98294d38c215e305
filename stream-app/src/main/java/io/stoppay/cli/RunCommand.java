package io.stoppay.cli;

import io.stoppay.app.StopPayApp;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.topology.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stoppay run}: one StopPay instance against the cluster in the configuration, until
 * SIGTERM/Ctrl-C, which commits what is in flight and closes the stores.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run StopPay against a Kafka cluster. Settings come from --config and STOPPAY_* "
                + "environment variables (which win).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (see the README for the keys).")
    private Path configFile;

    @Option(names = "--create-topics", description = "Create missing topics instead of refusing to start.")
    private boolean createTopics;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of topics created by --create-topics "
            + "(default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws Exception {
        final StopPayConfig config = StopPayConfig.load(readConfigFile(configFile), System.getenv());
        if (!config.kafka().containsKey("bootstrap.servers")) {
            throw new StopPayCli.UsageException("no Kafka cluster configured: set kafka.bootstrap.servers "
                    + "(or STOPPAY_KAFKA_BOOTSTRAP_SERVERS)");
        }
        ensureTopics(config);
        final StopPayApp app = StopPayApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stoppay-shutdown"));
        LOG.atInfo().setMessage("StopPay started").addKeyValue("applicationId", config.applicationId()).log();
        final boolean failed = app.awaitStop();
        app.close();
        return failed ? 1 : 0;
    }

    private void ensureTopics(final StopPayConfig config) throws Exception {
        try (Admin admin = Admin.create(config.kafka())) {
            final TopicProvisioner provisioner = new TopicProvisioner(admin, Topics.from(config));
            if (createTopics) {
                final List<String> created = provisioner.createMissing(partitions);
                LOG.atInfo().setMessage("topics created").addKeyValue("topics", created).log();
                return;
            }
            final List<String> missing = provisioner.missing();
            if (!missing.isEmpty()) {
                throw new StopPayCli.UsageException("missing topics " + missing + ": create them, or pass --create-topics");
            }
        }
    }

    /** Reads a properties file; no file means defaults and environment only. */
    static Properties readConfigFile(final Path file) {
        final Properties properties = new Properties();
        if (file == null) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (final IOException e) {
            final String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            throw new StopPayCli.UsageException("cannot read config file " + file + ": " + why);
        }
    }
}
