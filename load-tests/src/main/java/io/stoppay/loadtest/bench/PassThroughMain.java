package io.stoppay.loadtest.bench;

import io.stoppay.loadtest.PassThrough;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The benchmark's baseline as a process of its own: {@link PassThrough} (read, decode, encode,
 * write) under the given guarantee and commit interval, until SIGTERM. Usage:
 * {@code PassThroughMain <bootstrap> <application-id> <state-dir> <guarantee> <commit-ms> <input> <output>}.
 */
public final class PassThroughMain {

    private PassThroughMain() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: PassThroughMain <bootstrap> <application-id> <state-dir> <guarantee> "
                    + "<commit-ms> <input> <output>");
            System.exit(2);
        }
        final KafkaStreams streams = PassThrough.start(args[0], args[1], args[2], args[3], Long.parseLong(args[4]),
                args[5], args[6]);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "pass-through-shutdown"));
        stopped.await();
    }
}
