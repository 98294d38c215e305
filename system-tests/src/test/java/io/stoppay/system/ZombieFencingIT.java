package io.stoppay.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that stalls (SIGSTOP, as a long GC pause or a frozen VM would) past its session
 * timeout loses its tasks to the other instance; when it wakes up it still believes it owns them
 * and tries to finish its open transaction. The broker must fence it: nothing it processed while
 * a zombie may appear, so every payment is still decided exactly once.
 */
class ZombieFencingIT {

    private static final int PAYMENTS = ReliabilityFixture.paymentsFor(20);
    private static final int RATE = ReliabilityFixture.RATE;

    @TempDir
    Path work;

    @Test
    void shouldFenceAnInstanceThatWakesUpAfterItsTasksMovedOn() throws Exception {
        try (ReliabilityFixture fixture = ReliabilityFixture.start(work, 7)) {
            final StopPayInstance zombie = fixture.instance("zombie").start();
            final StopPayInstance survivor = fixture.instance("survivor").start();
            fixture.awaitReferenceData(zombie);
            await().atMost(Duration.ofMinutes(2)).until(() -> survivor.ready() && fixture.groupMembers() == 2);
            fixture.feed().start(PAYMENTS, RATE, 300);

            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= PAYMENTS / 4);
            zombie.pause();
            await().atMost(Duration.ofMinutes(2)).until(() -> fixture.groupMembers() == 1);
            final int sentWhileStalled = fixture.feed().sent();
            await().atMost(Duration.ofMinutes(5)).until(() -> fixture.feed().sent() >= Math.min(PAYMENTS, sentWhileStalled + RATE * 5));
            zombie.resume();

            final PublishedOutputs out = fixture.awaitEverythingDecided(Duration.ofMinutes(5));
            final ReliabilityFixture.ExactlyOnceReport report = fixture.assertExactlyOnce(out);
            assertThat(zombie.alive()).as("the fenced instance rejoins rather than dying").isTrue();
            await().atMost(Duration.ofMinutes(2)).until(survivor::ready);
            final int accounts = fixture.assertBehaviourMatchesInput(survivor, 50);
            ReliabilityFixture.record("zombie fencing (SIGSTOP past the session timeout, then SIGCONT)",
                    report + "; " + accounts + " busiest accounts' histories equal to the input; duplicates 0, losses 0");
        }
    }
}
