package io.stoppay.system;

import io.stoppay.loadtest.bench.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real multi-node KRaft cluster of plain processes, started by the script operators use,
 * {@code deploy/cluster/kraft-cluster.sh}: Kafka's own {@code kafka.Kafka} server, one process
 * per node, each node broker and controller, replication 3 and {@code min.insync.replicas} 2. The
 * test gives it free ports, this JVM's classpath and C1-only node JVMs.
 */
final class KraftCluster implements AutoCloseable {

    private static final Path SCRIPT = Path.of("..", "deploy", "cluster", "kraft-cluster.sh");
    private static final Pattern BOOTSTRAP = Pattern.compile("^bootstrap\\.servers=(\\S+)$", Pattern.MULTILINE);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Process script;
    private final Path log;
    private String bootstrapServers;

    private KraftCluster(final Process script, final Path log) {
        this.script = script;
        this.log = log;
    }

    static KraftCluster start(final Path dir, final int size) throws Exception {
        Files.createDirectories(dir);
        final Path log = dir.resolve("kraft-cluster.log");
        final ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), Integer.toString(size),
                dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KRAFT_PORT_BASE", Integer.toString(Ports.freeRange(2 * size)),
                "KRAFT_CLASSPATH", System.getProperty("java.class.path"),
                "KRAFT_JAVA_OPTS", "-Xmx512m -XX:TieredStopAtLevel=1"));
        final KraftCluster cluster = new KraftCluster(builder.start(), log);
        try {
            cluster.awaitNodes(size);
            return cluster;
        } catch (final Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitNodes(final int size) throws Exception {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (announcedBootstrapServers().isEmpty()) {
            pause(deadline);
        }
        bootstrapServers = announcedBootstrapServers().orElseThrow();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            while (!formed(admin, size)) {
                pause(deadline);
            }
        }
    }

    /** Half a second more of waiting, unless the script has died or the time is up. */
    private void pause(final long deadline) throws IOException, InterruptedException {
        if (!script.isAlive()) {
            throw new IllegalStateException("kraft-cluster.sh exited with " + script.exitValue() + ": "
                    + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the cluster did not form within " + START_TIMEOUT + "; see " + log);
        }
        TimeUnit.MILLISECONDS.sleep(500);
    }

    private Optional<String> announcedBootstrapServers() throws IOException {
        final Matcher matcher = BOOTSTRAP.matcher(Files.readString(log));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean formed(final Admin admin, final int size) {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == size;
        } catch (final Exception e) {
            return false;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** SIGTERM to the script, whose trap stops every node and waits for them. */
    @Override
    public void close() throws InterruptedException {
        script.destroy();
        if (!script.waitFor(60, TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
    }
}
