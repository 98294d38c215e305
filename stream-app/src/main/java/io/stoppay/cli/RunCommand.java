package io.stoppay.cli;

import io.stoppay.app.StopPayApp;
import io.stoppay.app.TopicProvisioner;
import io.stoppay.config.StopPayConfig;
import io.stoppay.topology.Topics;
import java.nio.file.Path;
import java.util.List;
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
        final StopPayConfig config = ClusterConfig.load(configFile);
        // What the instance reads at start (the access file) is checked before the cluster is asked.
        StopPayApp.checkFiles(config);
        ensureTopics(config);
        final StopPayApp app = StopPayApp.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            LOG.atInfo().setMessage("StopPay stopped: work committed, stores closed").log();
        }, "stoppay-shutdown"));
        LOG.atInfo().setMessage("StopPay started").addKeyValue("applicationId", config.applicationId())
                .addKeyValue("config", config.describe()).log();
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
}
