package io.stoppay.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modelled on Kafka's own exactly-once system tests: StopPay runs as a process of its own while a
 * steady stream of labelled payments (fraud among them, and undecodable records) flows, and is
 * killed with SIGKILL at random points and started again on the same state directory. A
 * read_committed consumer then finds every payment decided exactly once, every alert and warning
 * published once, every poison record dead-lettered once, every listed or linked payee stopped,
 * and each account's remembered payments equal to what was sent.
 *
 * <p>{@code -Dreliability.kills}, {@code .payments} and {@code .rate} size it: the reduced form
 * runs in {@code mvn verify}, {@code -Preliability-long} the long one.
 */
class CrashRecoveryIT {

    private static final int KILLS = Integer.getInteger("reliability.kills", 3);
    private static final int PAYMENTS = ReliabilityFixture.paymentsFor(15);
    private static final int RATE = ReliabilityFixture.RATE;
    private static final int POISON_EVERY = 250;

    @TempDir
    Path work;

    @Test
    void shouldDecideEveryPaymentExactlyOnceThroughRepeatedSigkills() throws Exception {
        final Random random = new Random(42);
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 42)) {
            final StopPayInstance instance = fixture.instance("crash").start();
            fixture.awaitReferenceData(instance);
            fixture.feed().start(PAYMENTS, RATE, POISON_EVERY);
            for (int kill = 1; kill <= KILLS; kill++) {
                // Each kill hits a running instance (not one still restoring after the last kill),
                // one to three seconds of traffic after it became ready: not at a round number of payments.
                await().atMost(Duration.ofMinutes(3)).until(instance::ready);
                final int at = fixture.feed().sent() + RATE + random.nextInt(2 * RATE);
                await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= Math.min(at, PAYMENTS));
                instance.kill();
                instance.start();
            }
            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));

            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            await().atMost(Duration.ofMinutes(2)).until(instance::ready);
            final int accounts = fixture.assertBehaviourMatchesInput(instance, 50);
            final int personalData = fixture.assertNoPersonalData(out);
            ReliabilityFixture.record("crash (SIGKILL and restart)", String.format(
                    "%d kills survived; %s; %d busiest accounts' histories equal to the input; "
                            + "%d personal data items absent from logs, metrics and police feed; "
                            + "duplicates 0, losses 0", KILLS, report, accounts, personalData));
        }
    }
}
