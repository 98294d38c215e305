package io.stoppay.broker;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node KRaft Kafka broker running inside this JVM.
 *
 * <p>Why: the {@code demo} command and the integration tests need a real broker (real transactions,
 * real consumer groups, real exactly-once Kafka Streams) on machines without Docker or a Kafka
 * installation. It is Kafka's own {@link KafkaClusterTestKit} with one combined controller+broker
 * node, configured so that the internal topics (consumer offsets, transaction state) work with a
 * replication factor of one.
 *
 * <p>With a data directory the broker keeps its topics, offsets and transaction state there across
 * runs: the directory is formatted on first use with a fixed cluster id and reused as-is afterwards.
 * The directory must be the broker's alone: should the broker fail to build, the test kit deletes it.
 * Without one, data lives in a temporary directory that is deleted on {@link #close()}.
 *
 * <p>The listener port is chosen by the OS on every start, so always ask {@link #bootstrapServers()}.
 * The demo's broker ({@link #startOnLoopback}) binds every listener, the client one and the
 * controller's, to the loopback address ({@value #LOOPBACK}) only: it has no authentication, and
 * the demo's topics hold payments and lists, so only this machine may reach it. Test and benchmark
 * brokers keep the test kit's binding (see {@link #startOnLoopback} for why).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Fixed, so that a persistent data directory is recognised as this cluster's on every start. */
    static final String CLUSTER_ID = "U3RvcFBheUVtYmVkZGVkIQ";
    /** The only address the broker listens on. */
    static final String LOOPBACK = "127.0.0.1";
    /** The test kit's names of the client and the controller listener. */
    private static final String[] LISTENER_NAMES = {"EXTERNAL", "CONTROLLER"};

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts the broker and waits until it accepts clients.
     *
     * @param dataDir where to keep the broker's data across runs; empty for a throw-away temp dir
     */
    public static EmbeddedKafkaBroker start(Optional<Path> dataDir) throws Exception {
        return start(dataDir, Map.of(), false);
    }

    /**
     * Starts the broker listening on {@value #LOOPBACK} only, as the demo does: nobody but this
     * machine may reach a broker without authentication. Rebinding a listener closes the socket
     * the test kit pre-bound and binds its port again at start, so for that moment another
     * process may take the port (the broker then fails to start); the demo starts one broker
     * alone, while tests and benchmarks start many beside each other and keep the kit's binding.
     *
     * @param dataDir where to keep the broker's data across runs; empty for a throw-away temp dir
     */
    public static EmbeddedKafkaBroker startOnLoopback(Optional<Path> dataDir) throws Exception {
        return start(dataDir, Map.of(), true);
    }

    /**
     * Starts the broker with extra broker settings on top of StopPay's: a {@code SASL_SSL} client
     * listener ({@code listener.security.protocol.map=EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT} and its
     * keystore and JAAS settings) for tests of a secured cluster, or {@code advertised.listeners}
     * for a broker reached through a stable proxy address across restarts. The listener ports
     * themselves are always chosen by the OS.
     */
    public static EmbeddedKafkaBroker start(Optional<Path> dataDir, Map<String, String> brokerSettings)
            throws Exception {
        return start(dataDir, brokerSettings, false);
    }

    private static EmbeddedKafkaBroker start(Optional<Path> dataDir, Map<String, String> brokerSettings,
                                             boolean loopbackOnly) throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setClusterId(CLUSTER_ID)
                // The test kit defaults to the newest, unstable metadata version; a data directory
                // kept across runs must survive a Kafka upgrade, so format with a released one.
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction());
        dataDir.ifPresent(nodes::setBaseDirectory);
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
                .setDeleteOnClose(dataDir.isEmpty())
                // One node: the internal topics must not ask for more replicas than there are brokers.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // Fewer than the default 50 partitions each: the first group or transaction starts faster.
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                // A dead producer's open transaction blocks its readers until it is aborted: look
                // for expired transactions every second, not every 10 s.
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                // Nobody else is going to join: don't hold the first rebalance back.
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        if (loopbackOnly) {
            builder.setConfigProp("listeners", loopbackListeners());
        }
        brokerSettings.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            if (loopbackOnly) {
                reopenOnLoopback(cluster);
            }
            if (!isFormatted(cluster)) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaBroker(cluster);
        } catch (Exception e) {
            try {
                cluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String loopbackListeners() {
        return String.join(",", Arrays.stream(LISTENER_NAMES).map(name -> name + "://" + LOOPBACK + ":0")
                .toList());
    }

    /**
     * The test kit binds each listener's socket while it builds the cluster, on the wildcard
     * address (all interfaces), and the node then takes that socket whatever its
     * {@code listeners} say. Closed, it is opened again at start on the host of {@code listeners}
     * and the same port: the path the kit takes when a node restarts. The kit offers no setting for
     * this, hence the reflection; should a Kafka upgrade rename the fields, start fails here
     * rather than listening on every interface.
     */
    private static void reopenOnLoopback(final KafkaClusterTestKit cluster) throws ReflectiveOperationException,
            IOException {
        final Object sockets = field(field(cluster, "socketFactoryManager"), "sockets");
        for (final Object node : ((Map<?, ?>) sockets).values()) {
            for (final Object socket : ((Map<?, ?>) node).values()) {
                ((ServerSocketChannel) socket).close();
            }
        }
    }

    private static Object field(final Object owner, final String name) throws ReflectiveOperationException {
        final Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    /** The ports the broker listens on, the client listener's and the controller's. */
    List<Integer> listenerPorts() {
        return Stream.of(cluster.bootstrapServers(), cluster.bootstrapControllers())
                .flatMap(servers -> Arrays.stream(servers.split(",")))
                .map(server -> Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))).toList();
    }

    /** A node is formatted once {@code meta.properties} exists in its metadata log directory. */
    private static boolean isFormatted(KafkaClusterTestKit cluster) {
        TestKitNode node = cluster.nodes().controllerNodes().values().iterator().next();
        return Files.exists(Path.of(node.metadataDirectory(), "meta.properties"));
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Shuts the broker down; deletes its data unless it was started with a data directory. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the embedded Kafka broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("The embedded Kafka broker did not stop cleanly", e);
        }
    }
}
