package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while payments flow (stopped, then started again on the same data and
 * port after a while) and StopPay recovers by itself: no restart, no manual action, and every
 * payment is decided exactly once. The feed's producer buffers what it sends meanwhile, as a
 * bank's gateway would.
 */
class BrokerRestartIT {

    private static final int PAYMENTS = ReliabilityFixture.paymentsFor(20);
    private static final int RATE = ReliabilityFixture.RATE;
    private static final Duration DOWN = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void shouldRecoverWithoutManualActionWhenTheBrokerComesBack() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 29)) {
            final StopPayInstance instance = fixture.instance("broker-restart").start();
            fixture.awaitReferenceData(instance);
            fixture.feed().start(PAYMENTS, RATE, 300);

            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= PAYMENTS / 3);
            fixture.broker().stop();
            Thread.sleep(DOWN.toMillis()); // the outage itself, not a wait for something to happen
            fixture.broker().start();

            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));
            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            assertThat(instance.alive()).as("StopPay was not restarted: it is the same process").isTrue();
            final int accounts = fixture.assertBehaviourMatchesInput(instance, 50);
            ReliabilityFixture.record("broker restart (stopped " + DOWN.toSeconds() + " s, then started again)",
                    report + "; " + accounts + " busiest accounts' histories equal to the input; StopPay recovered "
                            + "by itself; duplicates 0, losses 0");
        }
    }
}
