package io.stoppay.loadtest.bench;

import io.stoppay.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker as a process of its own, for the benchmark: prints
 * {@value #READY_PREFIX}{@code <host:port>} once it accepts clients and runs until SIGTERM.
 * Usage: {@code BrokerMain <data-dir> [broker-setting=value ...]}, e.g.
 * {@code advertised.listeners=EXTERNAL://localhost:9092} for a broker behind a proxy.
 */
public final class BrokerMain {

    public static final String READY_PREFIX = "bootstrap.servers=";

    private BrokerMain() {
    }

    /** Waits until {@code broker} (a process running this class) says it is ready; its bootstrap servers. */
    public static String awaitReady(final JavaProcess broker, final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            broker.requireAlive();
            if (Files.exists(broker.log())) {
                for (final String line : Files.readAllLines(broker.log())) {
                    if (line.startsWith(READY_PREFIX)) {
                        return line.substring(READY_PREFIX.length()).trim();
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("broker did not start within " + timeout + "; see " + broker.log());
    }

    public static void main(final String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BrokerMain <data-dir> [broker-setting=value ...]");
            System.exit(2);
        }
        final Map<String, String> settings = new HashMap<>();
        for (final String setting : Arrays.asList(args).subList(1, args.length)) {
            final int equals = setting.indexOf('=');
            if (equals < 1) {
                System.err.println("not a broker-setting=value: " + setting);
                System.exit(2);
            }
            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Optional.of(Path.of(args[0])), settings);
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
