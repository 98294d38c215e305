package io.stoppay.loadtest.bench;

import io.stoppay.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A real single-node KRaft broker as a process of its own, for the benchmark: prints
 * {@value #READY_PREFIX}{@code <host:port>} once it accepts clients and runs until SIGTERM.
 * Usage: {@code BrokerMain <data-dir>}.
 */
public final class BrokerMain {

    public static final String READY_PREFIX = "bootstrap.servers=";

    private BrokerMain() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <data-dir>");
            System.exit(2);
        }
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.of(Path.of(args[0])));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
