package io.stoppay.system;

import io.stoppay.loadtest.bench.BrokerMain;
import io.stoppay.loadtest.bench.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real KRaft broker as a process of its own, on a data directory kept across restarts, behind a
 * {@link TcpProxy} whose port it advertises: the broker's own port changes on every start (the test
 * kit picks it), the address clients know does not.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final TcpProxy proxy = new TcpProxy();
    private JavaProcess process;
    private int starts;

    private BrokerProcess(final Path dir) {
        this.dir = dir;
    }

    static BrokerProcess start(final Path dir) throws Exception {
        final BrokerProcess broker = new BrokerProcess(dir);
        broker.start();
        return broker;
    }

    void start() throws Exception {
        starts++;
        process = JavaProcess.start("broker", List.of("-Xmx768m", "-XX:TieredStopAtLevel=1"), BrokerMain.class.getName(),
                List.of(dir.resolve("data").toString(), "advertised.listeners=EXTERNAL://localhost:" + proxy.port()),
                dir.resolve("broker-" + starts + ".log"));
        final String listening = BrokerMain.awaitReady(process, START_TIMEOUT);
        proxy.target(Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1)));
    }

    /** SIGTERM and wait: a clean broker shutdown, as a rolling restart of the cluster does. */
    void stop() {
        proxy.target(-1);
        process.close();
    }

    /** The address clients use: the proxy's, the same across restarts. */
    String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        proxy.close();
    }
}
