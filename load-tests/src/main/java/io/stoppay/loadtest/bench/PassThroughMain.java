package io.stoppay.loadtest.bench;

import io.stoppay.loadtest.PassThrough;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A benchmark's reference as a process of its own: {@link PassThrough} of the given shape
 * ({@code pass-through}: read, decode, encode, write; {@code two-stage-floor}: a running total per
 * payer and, after a repartition, per payee) under the given guarantee and commit interval, until
 * SIGTERM. Usage: {@code PassThroughMain <shape> <bootstrap> <application-id> <state-dir> <guarantee>
 * <commit-ms> <input> <output>}.
 */
public final class PassThroughMain {

    private PassThroughMain() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: PassThroughMain <pass-through|two-stage-floor> <bootstrap> <application-id> "
                    + "<state-dir> <guarantee> <commit-ms> <input> <output>");
            System.exit(2);
        }
        final KafkaStreams streams = PassThrough.start(PassThrough.Shape.of(args[0]), args[1], args[2], args[3],
                args[4], Long.parseLong(args[5]), args[6], args[7]);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }, "pass-through-shutdown"));
        stopped.await();
    }
}
