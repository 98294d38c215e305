package io.stoppay.system;

import io.stoppay.loadtest.bench.JavaProcess;
import io.stoppay.loadtest.bench.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real multi-node KRaft cluster of plain processes: Kafka's own {@code kafka.Kafka} server, one
 * process per node, each node broker and controller, formatted with Kafka's {@code StorageTool}.
 * Replication 3 and {@code min.insync.replicas} 2 by default, as in production.
 * {@code deploy/cluster/kraft-cluster.sh} starts the same cluster from a shell.
 */
final class KraftCluster implements AutoCloseable {

    private static final String CLUSTER_ID = "U3RvcFBheUtyYWZ0Q2x1c3Rlcg";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final List<JavaProcess> nodes = new ArrayList<>();
    private final String bootstrapServers;

    private KraftCluster(final String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    static KraftCluster start(final Path dir, final int size) throws Exception {
        final int[] brokerPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
        final int[] controllerPorts = IntStream.range(0, size).map(i -> Ports.free()).toArray();
        final String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i]).collect(Collectors.joining(","));
        final KraftCluster cluster = new KraftCluster(IntStream.range(0, size)
                .mapToObj(i -> "localhost:" + brokerPorts[i]).collect(Collectors.joining(",")));
        try {
            for (int i = 0; i < size; i++) {
                final Path config = dir.resolve("node-" + (i + 1) + ".properties");
                Files.createDirectories(dir);
                Files.writeString(config, nodeConfig(i + 1, brokerPorts[i], controllerPorts[i], voters,
                        dir.resolve("node-" + (i + 1))));
                final int formatted = JavaProcess.start("format-" + (i + 1), List.of("-Xmx256m"),
                        "kafka.tools.StorageTool", List.of("format", "-t", CLUSTER_ID, "-c", config.toString()),
                        dir.resolve("format-" + (i + 1) + ".log")).awaitExit(START_TIMEOUT);
                if (formatted != 0) {
                    throw new IllegalStateException("formatting node " + (i + 1) + " failed; see " + dir);
                }
            }
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(JavaProcess.start("kafka-" + (i + 1), List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                        "kafka.Kafka", List.of(dir.resolve("node-" + (i + 1) + ".properties").toString()),
                        dir.resolve("kafka-" + (i + 1) + ".log")));
            }
            cluster.awaitNodes(size);
            return cluster;
        } catch (final Exception e) {
            cluster.close();
            throw e;
        }
    }

    private static String nodeConfig(final int id, final int brokerPort, final int controllerPort, final String voters,
                                     final Path logDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "offsets.topic.replication.factor=3",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "transaction.state.log.num.partitions=5",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private void awaitNodes(final int size) throws Exception {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            while (true) {
                nodes.forEach(JavaProcess::requireAlive);
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == size) {
                        return;
                    }
                } catch (final Exception e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not form within " + START_TIMEOUT);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        nodes.forEach(JavaProcess::close);
    }

}
